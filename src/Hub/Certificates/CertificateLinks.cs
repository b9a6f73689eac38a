namespace Interop.Hub.Certificates;

/// <summary>The public pages' addresses, as printed on a certificate and carried in its QR code.</summary>
public static class CertificateLinks
{
    public const string VerifyPath = "/verify";
    public const string PrintPath = "/certificates/print";
    public const string JwksPath = "/.well-known/jwks.json";

    /// <returns>The verification page for <paramref name="code"/>; empty when the hub has no public address.</returns>
    public static string Verification(string publicBaseUrl, string code) =>
        publicBaseUrl.Length == 0 ? "" : $"{publicBaseUrl.TrimEnd('/')}{VerifyPath}?code={Uri.EscapeDataString(code)}";

    /// <summary>The verification link with the signed token, so the page checks the signature as well.</summary>
    public static string VerificationWithToken(string publicBaseUrl, string code, string token) =>
        $"{Verification(publicBaseUrl, code)}&token={Uri.EscapeDataString(token)}";
}
