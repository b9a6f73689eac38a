using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Interop.Client;

/// <summary>
/// The TLS side of a connection to a hub in mutual-TLS mode: present the agency system's client certificate and,
/// when given, trust the hub's own certificate authority for its server certificate instead of the system's store.
/// </summary>
internal static class InteropTls
{
    public static bool IsNeeded(InteropClientOptions options) =>
        options.ClientCertificate is not null || options.HubCertificateAuthorities is { Count: > 0 };

    /// <summary>A handler for <see cref="InteropChannel"/>, or null when gRPC's own default will do.</summary>
    public static SocketsHttpHandler? CreateHandlerIfNeeded(InteropClientOptions options)
    {
        if (!IsNeeded(options))
        {
            return null;
        }

        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        Apply(handler, options);
        return handler;
    }

    /// <summary>Configures the client factory's primary handler, whichever of the two standard handlers it is.</summary>
    public static void Apply(HttpMessageHandler handler, InteropClientOptions options)
    {
        if (!IsNeeded(options))
        {
            return;
        }

        var certificate = options.ClientCertificate;
        var authorities = options.HubCertificateAuthorities;
        switch (handler)
        {
            case SocketsHttpHandler sockets:
                if (certificate is not null)
                {
                    sockets.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
                }

                if (authorities is { Count: > 0 })
                {
                    sockets.SslOptions.RemoteCertificateValidationCallback = (_, server, _, errors) => IsTrusted(server, errors, authorities);
                }

                break;
            case HttpClientHandler client:
                if (certificate is not null)
                {
                    client.ClientCertificateOptions = ClientCertificateOption.Manual;
                    client.ClientCertificates.Add(certificate);
                }

                if (authorities is { Count: > 0 })
                {
                    client.ServerCertificateCustomValidationCallback = (_, server, _, errors) => IsTrusted(server, errors, authorities);
                }

                break;
            default:
                throw new InvalidOperationException(
                    $"A client certificate or hub authority needs a SocketsHttpHandler or HttpClientHandler, not {handler.GetType().Name}.");
        }
    }

    /// <summary>The host name must match as usual; only the chain is built against the hub's authorities.</summary>
    private static bool IsTrusted(X509Certificate? server, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (server is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain.Build(server as X509Certificate2 ?? new X509Certificate2(server));
    }
}
