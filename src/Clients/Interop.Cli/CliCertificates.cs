using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Interop.Client;

namespace Interop.Cli;

/// <summary>
/// <c>--cert</c>, <c>--key</c> and <c>--cacert</c>: how the CLI calls a hub in mutual-TLS mode, like curl and grpcurl do.
/// With a certificate the hub takes the caller from it, so an INTEROP_CALLER left in the environment is not sent.
/// </summary>
internal static class CliCertificates
{
    public const string CertificateVariable = "INTEROP_CERT";
    public const string KeyVariable = "INTEROP_KEY";
    public const string HubAuthorityVariable = "INTEROP_CACERT";

    public static Option<string> CertificateOption() => new("--cert")
    {
        Description = $"Your system's client certificate (PEM), for a hub in mutual-TLS mode [env: {CertificateVariable}]",
        HelpName = "file",
        Recursive = true,
    };

    public static Option<string> KeyOption() => new("--key")
    {
        Description = $"The certificate's private key (PEM); default: the --cert file itself [env: {KeyVariable}]",
        HelpName = "file",
        Recursive = true,
    };

    public static Option<string> HubAuthorityOption() => new("--cacert")
    {
        Description = $"The authority that issued the hub's server certificate (PEM, e.g. the hub's ca.crt) [env: {HubAuthorityVariable}]",
        HelpName = "file",
        Recursive = true,
    };

    /// <exception cref="UsageException">A file is not a certificate or key, or they do not match.</exception>
    public static void Apply(
        ParseResult parseResult, GlobalOptions globals, Func<string, string?> environment, InteropClientOptions options)
    {
        var certificatePath = parseResult.GetValue(globals.Certificate) ?? environment(CertificateVariable);
        var keyPath = parseResult.GetValue(globals.Key) ?? environment(KeyVariable);
        var authorityPath = parseResult.GetValue(globals.HubAuthority) ?? environment(HubAuthorityVariable);
        try
        {
            if (!string.IsNullOrWhiteSpace(certificatePath))
            {
                options.ClientCertificate = X509Certificate2.CreateFromPemFile(certificatePath, string.IsNullOrWhiteSpace(keyPath) ? null : keyPath);
                if (parseResult.GetValue(globals.Caller) is null)
                {
                    options.Caller = null;
                }
            }
            else if (!string.IsNullOrWhiteSpace(keyPath))
            {
                throw new UsageException("--key needs --cert.");
            }

            if (!string.IsNullOrWhiteSpace(authorityPath))
            {
                var authorities = new X509Certificate2Collection();
                authorities.ImportFromPemFile(authorityPath);
                options.HubCertificateAuthorities = authorities.Count > 0
                    ? authorities
                    : throw new UsageException($"{authorityPath} holds no PEM certificate.");
            }
        }
        catch (CryptographicException exception)
        {
            throw new UsageException($"Cannot use the certificate files: {exception.Message}");
        }
    }
}
