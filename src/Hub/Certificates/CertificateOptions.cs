namespace Interop.Hub.Certificates;

/// <summary>Clearance certificates (section <c>Certificates</c>): validity per purpose, issuer keys, public pages.</summary>
public sealed class CertificateOptions
{
    public const string Section = "Certificates";

    /// <summary>
    /// The purposes a certificate may be requested for, each with how long it stays valid, e.g.
    /// <c>"PUBLIC_PROCUREMENT": "90.00:00:00"</c>. A purpose not listed is refused.
    /// </summary>
    public Dictionary<string, TimeSpan> Validity { get; init; } = [];

    /// <summary>
    /// The issuer's ECDSA P-256 keys: exactly one active (signs), any number retired (still verify what they signed).
    /// Required in Live mode; the sandbox generates one active key in memory when none is configured.
    /// </summary>
    public List<IssuerKeyOptions> Keys { get; init; } = [];

    /// <summary>
    /// The address the public pages are reached at, e.g. <c>https://verify.interop.gov.dz</c>: the base of the link in
    /// each certificate's QR code. Empty: the certificates carry no link.
    /// </summary>
    public string PublicBaseUrl { get; init; } = "";

    /// <summary>Verification-code lookups per minute allowed to one calling system through gRPC.</summary>
    public int CodeLookupsPerMinute { get; init; } = 60;

    /// <summary>Verification-page lookups per minute allowed to one client address.</summary>
    public int PageLookupsPerMinute { get; init; } = 30;
}

public sealed class IssuerKeyOptions
{
    /// <summary>The key id published in the JWKS and carried in each token's header (<c>kid</c>).</summary>
    public string KeyId { get; init; } = "";

    /// <summary>
    /// PEM file of the key: the private key (PKCS#8 or SEC1) for the active key; for a retired key the public key
    /// (SubjectPublicKeyInfo) is enough.
    /// </summary>
    public string PemPath { get; init; } = "";

    public IssuerKeyStatus Status { get; init; } = IssuerKeyStatus.Active;
}

public enum IssuerKeyStatus
{
    Active,
    Retired,
}
