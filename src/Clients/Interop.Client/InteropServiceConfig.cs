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

        // Every method the hub serves is a read, so retrying any of them is safe. Only UNAVAILABLE is
        // retried: it is the one status that says the request never reached a working server.
        channelOptions.ServiceConfig = new ServiceConfig
        {
            MethodConfigs =
            {
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
