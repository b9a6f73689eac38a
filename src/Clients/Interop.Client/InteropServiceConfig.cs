using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;

namespace Interop.Client;

/// <summary>The channel settings shared by the DI registration and <see cref="InteropChannel"/>.</summary>
internal static class InteropServiceConfig
{
    public static void Apply(InteropClientOptions options, GrpcChannelOptions channelOptions)
    {
        options.Validate();
        if (options.MaxRetryAttempts == 0)
        {
            return;
        }

        // Only UNAVAILABLE is retried: the status of a request that did not reach a working server, or that the hub
        // refused before doing anything. The reads are safe to repeat, and so are the writes the hub dedupes (a
        // certificate's request_id, a grant's name) or that mean the same done twice (a purge). Not CreateGrant: with
        // no grant_id the hub names the grant, and a repeat after an answer lost on the way would make a second one.
        channelOptions.ServiceConfig = new ServiceConfig
        {
            MethodConfigs =
            {
                new MethodConfig { Names = { new MethodName { Service = "interop.hub.v1.AccessAdmin", Method = "CreateGrant" } } },
                new MethodConfig
                {
                    Names = { MethodName.Default },
                    RetryPolicy = new RetryPolicy
                    {
                        MaxAttempts = options.MaxRetryAttempts + 1,
                        InitialBackoff = options.RetryInitialBackoff,
                        MaxBackoff = options.RetryMaxBackoff,
                        BackoffMultiplier = options.RetryBackoffMultiplier,
                        RetryableStatusCodes = { StatusCode.Unavailable },
                    },
                },
            },
        };
    }
}
