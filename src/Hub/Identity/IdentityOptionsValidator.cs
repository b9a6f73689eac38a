using Interop.Pki;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Identity;

/// <summary>
/// Stops a mutual-TLS hub from starting half-configured: the authorities' and revocation lists' files must
/// exist, every Kestrel endpoint must be HTTPS (a plain one could carry no certificate) and the systems
/// registry must name real agency codes and system names.
/// </summary>
public sealed class IdentityOptionsValidator(IConfiguration configuration) : IValidateOptions<IdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode != CallerIdentityMode.MutualTls)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        RequireFile(errors, options.TrustedCaPath, "Identity:TrustedCaPath", "the PEM certificate of the hub's certificate authority (ca.crt)");
        RequireFile(errors, options.RevocationListPath, "Identity:RevocationListPath", "the authority's revocation list (ca.crl)");

        var urls = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>()
            .Concat(configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
            .ToList();
        if (urls.Count == 0)
        {
            errors.Add("Identity:Mode MutualTls needs an https endpoint, e.g. Kestrel:Endpoints:Grpc:Url = https://0.0.0.0:5443.");
        }

        errors.AddRange(urls.Where(url => !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            .Select(url => $"Identity:Mode MutualTls serves HTTPS only, but Kestrel is configured to listen on {url}."));

        foreach (var (agency, systems) in options.Systems)
        {
            if (!AgencySubject.IsAgencyCode(agency))
            {
                errors.Add($"Identity:Systems:{agency}: '{agency}' is not an agency code (2-10 of A-Z and 0-9).");
            }

            errors.AddRange(systems.Where(s => !AgencySubject.IsSystemName(s))
                .Select(s => $"Identity:Systems:{agency}: '{s}' is not a system name (1-40 of a-z, 0-9 and '-')."));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void RequireFile(List<string> errors, string? path, string key, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"Identity:Mode MutualTls needs {key}: {what}.");
        }
        else if (!File.Exists(path))
        {
            errors.Add($"{key}: {path} does not exist.");
        }
    }
}
