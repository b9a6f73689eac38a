namespace Interop.Hub.Identity;

/// <summary>
/// The google.rpc.ErrorInfo reasons (domain <see cref="Errors.ErrorReasons.Domain"/>) of refusals in mutual-TLS mode,
/// next to the header ones in <see cref="Errors.ErrorReasons"/>. Stable once published.
/// </summary>
public static class IdentityErrorReasons
{
    public const string ClientCertificateMissing = "CLIENT_CERTIFICATE_MISSING";
    public const string ClientCertificateUntrusted = "CLIENT_CERTIFICATE_UNTRUSTED";
    public const string ClientCertificateExpired = "CLIENT_CERTIFICATE_EXPIRED";
    public const string ClientCertificateNotYetValid = "CLIENT_CERTIFICATE_NOT_YET_VALID";
    public const string ClientCertificateRevoked = "CLIENT_CERTIFICATE_REVOKED";
    public const string ClientCertificateRevocationUnknown = "CLIENT_CERTIFICATE_REVOCATION_UNKNOWN";
    public const string ClientCertificateWrongUsage = "CLIENT_CERTIFICATE_WRONG_USAGE";
    public const string CallerSystemUnknown = "CALLER_SYSTEM_UNKNOWN";
    public const string CallerHeaderRefused = "CALLER_HEADER_REFUSED";
}
