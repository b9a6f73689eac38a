using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Interop.Client;

/// <summary>How to reach the Interop Hub and who is calling it.</summary>
public sealed partial class InteropClientOptions
{
    /// <summary>The hub the sandbox and local development listen on (plain HTTP/2).</summary>
    public static readonly Uri DefaultAddress = new("http://localhost:5080");

    /// <summary>The request header that carries the caller identity, <c>AGENCY/system</c>.</summary>
    public const string CallerHeader = "x-interop-caller";

    /// <summary>The request header that says why the caller asks: a purpose code such as <c>WORK_PERMIT_APPLICATION</c>.</summary>
    public const string PurposeHeader = "x-interop-purpose";

    /// <summary>The request header that carries the case reference: the file or application number that justifies the call.</summary>
    public const string CaseReferenceHeader = "x-interop-case";

    /// <summary>The request header that carries the acting official's id (optional).</summary>
    public const string OfficialIdHeader = "x-interop-official";

    /// <summary>The response header in which the hub returns the identifier of the exchange.</summary>
    public const string ExchangeIdHeader = "x-interop-exchange-id";

    public Uri Address { get; set; } = DefaultAddress;

    /// <summary>The calling agency's code: 2 to 10 uppercase letters or digits, e.g. <c>MOL</c>.</summary>
    public string? CallerAgency { get; set; }

    /// <summary>The calling system within the agency: 1 to 40 of a-z, 0-9 and '-', e.g. <c>permits-backoffice</c>.</summary>
    public string? CallerSystem { get; set; }

    /// <summary>
    /// The caller identity as sent on the wire, <c>AGENCY/system</c>; null while either part is unset.
    /// Setting it splits the value at the first '/' into <see cref="CallerAgency"/> and <see cref="CallerSystem"/>
    /// (a value without '/' sets only the agency, which <see cref="Validate"/> then reports).
    /// </summary>
    public string? Caller
    {
        get => CallerAgency is null || CallerSystem is null ? null : $"{CallerAgency}/{CallerSystem}";
        set
        {
            var slash = value?.IndexOf('/', StringComparison.Ordinal) ?? -1;
            (CallerAgency, CallerSystem) = string.IsNullOrEmpty(value) ? (null, null)
                : slash < 0 ? (value, null)
                : (value[..slash], value[(slash + 1)..]);
        }
    }

    /// <summary>
    /// Why the calls are made, a purpose code the hub knows (Directory.GetCallerAccess lists them), e.g.
    /// <c>WORK_PERMIT_APPLICATION</c>. Every call to an agency's service needs one, within the caller's grants; a call
    /// that sets the <see cref="PurposeHeader"/> header itself overrides it.
    /// </summary>
    public string? Purpose { get; set; }

    /// <summary>
    /// The file or application number that justifies the calls, e.g. <c>WP-2026-000123</c>: 1 to 64 of A-Z, a-z, 0-9
    /// and <c>. _ / : -</c>, starting with a letter or digit. Every call to an agency's service needs one; usually set
    /// per call (header <see cref="CaseReferenceHeader"/>), since it changes with each file.
    /// </summary>
    public string? CaseReference { get; set; }

    /// <summary>The acting official's id, optional, in the same form as <see cref="CaseReference"/>.</summary>
    public string? OfficialId { get; set; }

    /// <summary>
    /// The agency system's TLS client certificate, with its private key, for a hub in mutual-TLS mode (production).
    /// The hub reads the caller from it (O = agency, CN = system), so <see cref="Caller"/> stays unset.
    /// </summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>
    /// The authorities that vouch for the hub's server certificate, e.g. the hub's own CA (<c>ca.crt</c>), used instead
    /// of the system's trust store; unset to trust the system's store.
    /// </summary>
    public X509Certificate2Collection? HubCertificateAuthorities { get; set; }

    /// <summary>The deadline given to every call that does not set its own. Also bounds all retries of the call.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a call that failed with UNAVAILABLE is tried again; 0 disables retries.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The backoff before the first retry; later ones grow by <see cref="RetryBackoffMultiplier"/>, jittered by gRPC.</summary>
    public TimeSpan RetryInitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromSeconds(2);

    public double RetryBackoffMultiplier { get; set; } = 2;

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every setting the hub or gRPC would reject.</summary>
    public void Validate()
    {
        var errors = ValidationErrors();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(InteropClientOptions), errors);
        }
    }

    /// <summary>Every setting the hub or gRPC would reject, one sentence each; empty when the options are usable.</summary>
    public IReadOnlyList<string> ValidationErrors()
    {
        var errors = new List<string>();
        if (!Address.IsAbsoluteUri || (Address.Scheme != Uri.UriSchemeHttp && Address.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"The hub address '{Address}' must be an absolute http:// or https:// URI.");
        }

        if ((CallerAgency is null) != (CallerSystem is null))
        {
            errors.Add("The caller must be of the form AGENCY/system, e.g. MOL/permits-backoffice.");
        }

        if (CallerAgency is not null && !AgencyPattern().IsMatch(CallerAgency))
        {
            errors.Add($"The caller agency '{CallerAgency}' must be 2 to 10 uppercase letters or digits.");
        }

        if (CallerSystem is not null && !SystemPattern().IsMatch(CallerSystem))
        {
            errors.Add($"The caller system '{CallerSystem}' must be 1 to 40 lowercase letters, digits or '-', starting with a letter or digit.");
        }

        if (Purpose is not null && !PurposePattern().IsMatch(Purpose))
        {
            errors.Add($"The purpose '{Purpose}' must be a purpose code of 3 to 64 uppercase letters, digits or '_', e.g. WORK_PERMIT_APPLICATION.");
        }

        if (CaseReference is not null && !ReferencePattern().IsMatch(CaseReference))
        {
            errors.Add($"The case reference '{CaseReference}' must be 1 to 64 of A-Z, a-z, 0-9 and . _ / : -, starting with a letter or digit.");
        }

        if (OfficialId is not null && !ReferencePattern().IsMatch(OfficialId))
        {
            errors.Add($"The official id '{OfficialId}' must be 1 to 64 of A-Z, a-z, 0-9 and . _ / : -, starting with a letter or digit.");
        }

        if (ClientCertificate is not null && !ClientCertificate.HasPrivateKey)
        {
            errors.Add("The client certificate needs its private key.");
        }

        if (ClientCertificate is not null && CallerAgency is not null)
        {
            errors.Add("With a client certificate the hub takes the caller from it; do not also set the caller.");
        }

        if ((ClientCertificate is not null || HubCertificateAuthorities is { Count: > 0 }) && Address.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"A client certificate or hub authority needs an https:// hub address, not '{Address}'.");
        }

        if (DefaultDeadline <= TimeSpan.Zero)
        {
            errors.Add("The default deadline must be positive.");
        }

        // gRPC counts the first attempt too and by default refuses more than 5 attempts per call.
        if (MaxRetryAttempts is < 0 or > 4)
        {
            errors.Add("The number of retry attempts must be between 0 and 4.");
        }

        if (MaxRetryAttempts > 0 && (RetryInitialBackoff <= TimeSpan.Zero || RetryMaxBackoff < RetryInitialBackoff
            || RetryBackoffMultiplier < 1))
        {
            errors.Add("Retry backoffs must be positive, the maximum at least the initial one, the multiplier at least 1.");
        }

        return errors;
    }

    [GeneratedRegex("^[A-Z0-9]{2,10}$")]
    private static partial Regex AgencyPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex SystemPattern();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,62}[A-Z0-9]$")]
    private static partial Regex PurposePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/:-]{0,63}$")]
    private static partial Regex ReferencePattern();
}
