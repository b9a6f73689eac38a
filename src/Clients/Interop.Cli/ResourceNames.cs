namespace Interop.Cli;

/// <summary>
/// Turns what people type (a bare registry or permit number) into the hub's resource names. The ids are not
/// validated here: the hub's INVALID_ARGUMENT answer names the field and the rule, which is the better message.
/// </summary>
public static class ResourceNames
{
    private const string EmployersPrefix = "employers/";
    private const string PermitsPrefix = "permits/";
    private const string StandingSuffix = "/standing";

    /// <summary><c>16B0012345</c> or <c>employers/16B0012345</c> becomes <c>employers/16B0012345</c>.</summary>
    public static string Employer(string id)
    {
        var trimmed = id.Trim();
        return trimmed.StartsWith(EmployersPrefix, StringComparison.Ordinal) ? trimmed : EmployersPrefix + trimmed;
    }

    /// <summary>An employer id or name, with or without <c>/standing</c>, becomes <c>employers/{id}/standing</c>.</summary>
    public static string Standing(string id)
    {
        var trimmed = id.Trim();
        var employer = trimmed.EndsWith(StandingSuffix, StringComparison.Ordinal) ? trimmed[..^StandingSuffix.Length] : trimmed;
        return Employer(employer) + StandingSuffix;
    }

    /// <summary><c>WP-2025-0001234</c> or <c>permits/WP-2025-0001234</c> becomes <c>permits/WP-2025-0001234</c>.</summary>
    public static string Permit(string id)
    {
        var trimmed = id.Trim();
        return trimmed.StartsWith(PermitsPrefix, StringComparison.Ordinal) ? trimmed : PermitsPrefix + trimmed;
    }
}
