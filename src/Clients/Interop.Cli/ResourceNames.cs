namespace Interop.Cli;

/// <summary>
/// Turns what people type (a bare registry or permit number, grant or exchange id, agency code) into the hub's
/// resource names. The ids are not validated here: the hub's INVALID_ARGUMENT answer names the field and the rule,
/// which is the better message.
/// </summary>
public static class ResourceNames
{
    public const string ExchangesPrefix = "exchanges/";
    private const string EmployersPrefix = "employers/";
    private const string PermitsPrefix = "permits/";
    private const string GrantsPrefix = "grants/";
    private const string AgenciesPrefix = "agencies/";
    private const string StandingSuffix = "/standing";

    /// <summary><c>16B0012345</c> or <c>employers/16B0012345</c> becomes <c>employers/16B0012345</c>.</summary>
    public static string Employer(string id) => InCollection(EmployersPrefix, id);

    /// <summary>An employer id or name, with or without <c>/standing</c>, becomes <c>employers/{id}/standing</c>.</summary>
    public static string Standing(string id)
    {
        var trimmed = id.Trim();
        var employer = trimmed.EndsWith(StandingSuffix, StringComparison.Ordinal) ? trimmed[..^StandingSuffix.Length] : trimmed;
        return Employer(employer) + StandingSuffix;
    }

    /// <summary><c>WP-2025-0001234</c> or <c>permits/WP-2025-0001234</c> becomes <c>permits/WP-2025-0001234</c>.</summary>
    public static string Permit(string id) => InCollection(PermitsPrefix, id);

    /// <summary><c>portal-web</c> or <c>grants/portal-web</c> becomes <c>grants/portal-web</c>.</summary>
    public static string Grant(string id) => InCollection(GrantsPrefix, id);

    /// <summary><c>0197...</c> or <c>exchanges/0197...</c> becomes <c>exchanges/0197...</c>.</summary>
    public static string Exchange(string id) => InCollection(ExchangesPrefix, id);

    /// <summary><c>CR</c> or <c>agencies/CR</c> becomes <c>agencies/CR</c>.</summary>
    public static string Agency(string code) => InCollection(AgenciesPrefix, code);

    private static string InCollection(string prefix, string id)
    {
        var trimmed = id.Trim();
        return trimmed.StartsWith(prefix, StringComparison.Ordinal) ? trimmed : prefix + trimmed;
    }
}
