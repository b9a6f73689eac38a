namespace Interop.Hub.Access;

/// <summary>Access rights (configuration section "Access").</summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>The purpose codes when <see cref="Purposes"/> is not configured.</summary>
    public static readonly IReadOnlyList<string> DefaultPurposes =
    [
        "WORK_PERMIT_APPLICATION",
        "PUBLIC_PROCUREMENT",
        "CONTRIBUTION_COLLECTION",
        "LABOUR_INSPECTION",
        "SUBJECT_ACCESS_REPORT",
        "CLEARANCE_CERTIFICATE",
        "SECURITY_VETTING",
    ];

    /// <summary>
    /// The agency that runs the hub: it may manage every grant, and it provides the subject access report. It must be
    /// listed in <c>Directory:Agencies</c>.
    /// </summary>
    public string OperatorAgency { get; set; } = "HUB";

    /// <summary>The purpose codes callers may declare in <c>x-interop-purpose</c>; <see cref="DefaultPurposes"/> when empty.</summary>
    public List<string> Purposes { get; set; } = [];

    /// <summary>
    /// How often each instance checks the hub database for grant changes, besides being notified of them: the bound on
    /// how stale an instance can be after a lost notification. At most 1 s.
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Whether the hub loads the sandbox's grants (<see cref="SandboxGrants"/>) at start, keeping any that exist (a
    /// revoked one stays revoked). Unset: yes in the sandbox, no with live agencies.
    /// </summary>
    public bool? SandboxGrants { get; set; }

    public IReadOnlyList<string> EffectivePurposes => Purposes.Count == 0 ? DefaultPurposes : Purposes;
}
