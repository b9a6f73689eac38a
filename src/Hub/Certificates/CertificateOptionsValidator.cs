using System.Text.RegularExpressions;
using Interop.Hub.Options;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Certificates;

/// <summary>Certificates configuration errors fail the start, each saying what to set.</summary>
public sealed partial class CertificateOptionsValidator(IOptions<AgencyBackendOptions> backends) : IValidateOptions<CertificateOptions>
{
    private static readonly TimeSpan _longestValidity = TimeSpan.FromDays(366);

    public ValidateOptionsResult Validate(string? name, CertificateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Validity.Count == 0)
        {
            problems.Add("Certificates:Validity lists no purpose: set e.g. Certificates:Validity:PUBLIC_PROCUREMENT=90.00:00:00.");
        }

        foreach (var (purpose, validity) in options.Validity)
        {
            if (!PurposePattern().IsMatch(purpose))
            {
                problems.Add($"Certificates:Validity:{purpose}: a purpose is 2-64 of A-Z, 0-9 and _ starting with a letter.");
            }

            if (validity <= TimeSpan.Zero || validity > _longestValidity)
            {
                problems.Add($"Certificates:Validity:{purpose} must be more than zero and at most 366 days (was {validity}).");
            }
        }

        ValidateKeys(options, problems);
        if (options.PublicBaseUrl.Length > 0
            && !(Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            problems.Add($"Certificates:PublicBaseUrl must be an absolute http(s) address or empty (was '{options.PublicBaseUrl}').");
        }

        if (options.CodeLookupsPerMinute is < 1 or > 100_000 || options.PageLookupsPerMinute is < 1 or > 100_000)
        {
            problems.Add("Certificates:CodeLookupsPerMinute and Certificates:PageLookupsPerMinute must be 1-100000.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private void ValidateKeys(CertificateOptions options, List<string> problems)
    {
        if (options.Keys.Count == 0)
        {
            if (!backends.Value.IsSandbox)
            {
                problems.Add("Certificates:Keys is empty: in Live mode the fund's signing keys must be configured "
                    + "(Certificates__Keys__0__KeyId, Certificates__Keys__0__PemPath = a P-256 private key in PEM, Certificates__Keys__0__Status = Active).");
            }

            return;
        }

        if (options.Keys.Count(k => k.Status == IssuerKeyStatus.Active) != 1)
        {
            problems.Add("Certificates:Keys must have exactly one key with Status Active (the others Retired).");
        }

        foreach (var duplicate in options.Keys.GroupBy(k => k.KeyId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"Certificates:Keys: key id '{duplicate.Key}' appears {duplicate.Count()} times.");
        }

        foreach (var key in options.Keys)
        {
            if (!KeyIdPattern().IsMatch(key.KeyId))
            {
                problems.Add($"Certificates:Keys: key id '{key.KeyId}' must be 1-64 of A-Z, a-z, 0-9, '.', '_' and '-'.");
                continue;
            }

            try
            {
                IssuerKeyRing.LoadKey(key).Dispose();
            }
            catch (InvalidOperationException ex)
            {
                problems.Add(ex.Message);
            }
        }
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,63}$")]
    private static partial Regex PurposePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyIdPattern();
}
