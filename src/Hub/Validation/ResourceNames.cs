using System.Text.RegularExpressions;
using Interop.Hub.Errors;

namespace Interop.Hub.Validation;

/// <summary>Parses and checks the resource names of the API (AIP-122); a bad one is INVALID_ARGUMENT naming the field.</summary>
public static partial class ResourceNames
{
    public const string EmployerExample = "employers/16B0012345";
    public const string PermitExample = "permits/WP-2025-0001234";

    private const string EmployerPrefix = "employers/";
    private const string StandingSuffix = "/standing";
    private const string PermitPrefix = "permits/";

    private const string RegistryNumberRule =
        "the registry number is two digits (region), a letter A-F (legal form) and seven digits";

    /// <returns>The registry number in `employers/{registry_number}`.</returns>
    public static string ParseEmployer(string field, string name) =>
        TryParseEmployer(name, out var registryNumber)
            ? registryNumber
            : throw RequestValidationException.ForField(field, DescribeEmployerProblem(name));

    public static bool TryParseEmployer(string name, out string registryNumber)
    {
        // IsMatch and a slice rather than Match and its group: no match objects on every lookup.
        var valid = EmployerPattern().IsMatch(name);
        registryNumber = valid ? name[EmployerPrefix.Length..] : "";
        return valid;
    }

    public static string DescribeEmployerProblem(string name) => string.IsNullOrEmpty(name)
        ? $"is required: 'employers/{{registry_number}}', e.g. '{EmployerExample}'"
        : $"'{Truncate(name)}' is not 'employers/{{registry_number}}' where {RegistryNumberRule}, e.g. '{EmployerExample}'";

    /// <returns>The registry number in `employers/{registry_number}/standing`.</returns>
    public static string ParseStanding(string field, string name)
    {
        return StandingPattern().IsMatch(name)
            ? name[EmployerPrefix.Length..^StandingSuffix.Length]
            : throw RequestValidationException.ForField(field, string.IsNullOrEmpty(name)
                ? "is required: 'employers/{registry_number}/standing', e.g. 'employers/16B0012345/standing'"
                : $"'{Truncate(name)}' is not 'employers/{{registry_number}}/standing' where {RegistryNumberRule}, e.g. 'employers/16B0012345/standing'");
    }

    /// <returns>The permit number in `permits/{permit_number}`.</returns>
    public static string ParsePermit(string field, string name)
    {
        return PermitPattern().IsMatch(name)
            ? name[PermitPrefix.Length..]
            : throw RequestValidationException.ForField(field, string.IsNullOrEmpty(name)
                ? $"is required: 'permits/{{permit_number}}', e.g. '{PermitExample}'"
                : $"'{Truncate(name)}' is not 'permits/{{permit_number}}' where the permit number is 'WP-', a four-digit year, '-' and seven digits, e.g. '{PermitExample}'");
    }

    public static string Employer(string registryNumber) => $"employers/{registryNumber}";

    public static string Standing(string registryNumber) => $"employers/{registryNumber}/standing";

    public static string Permit(string permitNumber) => $"permits/{permitNumber}";

    /// <summary>Echoes at most a short prefix of a caller's bad input back, never megabytes of it.</summary>
    public static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";

    public static bool IsRegistryNumber(string value) => RegistryNumberPattern().IsMatch(value);

    [GeneratedRegex(@"^employers/[0-9]{2}[A-F][0-9]{7}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmployerPattern();

    [GeneratedRegex(@"^employers/[0-9]{2}[A-F][0-9]{7}/standing\z", RegexOptions.CultureInvariant)]
    private static partial Regex StandingPattern();

    [GeneratedRegex(@"^permits/WP-[0-9]{4}-[0-9]{7}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PermitPattern();

    [GeneratedRegex(@"^[0-9]{2}[A-F][0-9]{7}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryNumberPattern();
}
