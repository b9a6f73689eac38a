namespace Interop.Hub.Options;

/// <summary>
/// Where the agencies' systems are (configuration section "Agencies"). With no connection string at all
/// the hub runs the sandbox; with all three it serves the agencies' PostgreSQL databases.
/// </summary>
public sealed class AgencyBackendOptions
{
    public const string Section = "Agencies";

    /// <summary>"Sandbox" or "Live". Unset: Live when any connection string is set, else Sandbox.</summary>
    public string? Mode { get; set; }

    public AgencyConnection CommercialRegistry { get; set; } = new();

    public AgencyConnection SocialSecurityFund { get; set; } = new();

    public AgencyConnection MinistryOfLabour { get; set; } = new();

    /// <summary>How long the hub waits for an agency's system before answering UNAVAILABLE.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool IsSandbox => string.Equals(EffectiveMode, "Sandbox", StringComparison.OrdinalIgnoreCase);

    public string EffectiveMode => Mode ?? (AllConnections.Any(c => !string.IsNullOrWhiteSpace(c.Connection.ConnectionString)) ? "Live" : "Sandbox");

    public IEnumerable<(string Key, AgencyConnection Connection)> AllConnections =>
    [
        ($"{Section}:{nameof(CommercialRegistry)}:{nameof(AgencyConnection.ConnectionString)}", CommercialRegistry),
        ($"{Section}:{nameof(SocialSecurityFund)}:{nameof(AgencyConnection.ConnectionString)}", SocialSecurityFund),
        ($"{Section}:{nameof(MinistryOfLabour)}:{nameof(AgencyConnection.ConnectionString)}", MinistryOfLabour),
    ];
}

public sealed class AgencyConnection
{
    /// <summary>Npgsql connection string of the agency's own database.</summary>
    public string? ConnectionString { get; set; }
}
