namespace Interop.Testing;

/// <summary>What test callers declare by default: a purpose the sandbox's grants allow their agency, and a case reference.</summary>
public static class SandboxPurposes
{
    public const string CaseReference = "TEST-2026-000001";

    /// <summary>The purpose the sandbox's grants let the caller's agency (of <c>AGENCY/system</c>) call for.</summary>
    public static string Of(string caller) => caller.Split('/')[0] switch
    {
        "SSF" => "CONTRIBUTION_COLLECTION",
        "CR" => "PUBLIC_PROCUREMENT",
        "GS" => "SECURITY_VETTING",
        "PORTAL" => "SUBJECT_ACCESS_REPORT",
        _ => "WORK_PERMIT_APPLICATION",
    };
}
