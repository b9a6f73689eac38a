namespace Interop.Hub.Identity;

/// <summary>How the hub learns who is calling.</summary>
public enum CallerIdentityMode
{
    /// <summary>
    /// The <c>x-interop-caller</c> header, taken at the caller's word: the sandbox and local development only,
    /// over plain HTTP/2.
    /// </summary>
    Header,

    /// <summary>
    /// Production: every connection is mutual TLS and the caller is the agency system named by its client
    /// certificate; the header is refused.
    /// </summary>
    MutualTls,
}

/// <summary>Caller identity (configuration section "Identity").</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    public CallerIdentityMode Mode { get; set; } = CallerIdentityMode.Header;

    /// <summary>PEM file of the certificate authorities whose agency certificates the hub accepts (MutualTls).</summary>
    public string? TrustedCaPath { get; set; }

    /// <summary>
    /// PEM (or DER) file of the authorities' revocation lists, one per authority, as <c>interop pki revoke</c> writes
    /// it (MutualTls). Re-read within a second of any change; a certificate whose authority has no list is refused.
    /// </summary>
    public string? RevocationListPath { get; set; }

    /// <summary>
    /// The systems registered for each agency, e.g. <c>Identity:Systems:MOL:0 = permits-backoffice</c>. In MutualTls
    /// mode a certificate naming any other system is refused even when its agency is registered.
    /// </summary>
    public Dictionary<string, List<string>> Systems { get; set; } = [];

    public bool IsRegisteredSystem(string agencyCode, string system) =>
        Systems.TryGetValue(agencyCode, out var systems) && systems.Contains(system, StringComparer.Ordinal);
}
