using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Permits.V1;
using Interop.Ports;

namespace Interop.Hub.Access;

/// <summary>
/// The grants the sandbox starts with (<see cref="AccessOptions.SandboxGrants"/>), so that the README's tour and an
/// integration developer's first calls work at once. Deny by default still holds: whatever is not here is refused.
/// The one list to extend when a service is added.
/// </summary>
public static class SandboxGrants
{
    public const string Creator = "HUB/sandbox";

    private const string WorkPermitApplication = "WORK_PERMIT_APPLICATION";
    private const string LabourInspection = "LABOUR_INSPECTION";
    private const string ContributionCollection = "CONTRIBUTION_COLLECTION";
    private const string PublicProcurement = "PUBLIC_PROCUREMENT";
    private const string SecurityVetting = "SECURITY_VETTING";
    private const string SubjectAccessReport = "SUBJECT_ACCESS_REPORT";

    private static readonly string _employers = EmployerRegistry.Descriptor.FullName;
    private static readonly string _standing = ContributionStanding.Descriptor.FullName;
    private static readonly string _permits = WorkPermits.Descriptor.FullName;
    private static readonly string _certificates = ClearanceCertificates.Descriptor.FullName;

    public static IReadOnlyList<Grant> All(DateTimeOffset now, string operatorAgency) =>
    [
        // The Ministry of Labour checks the employer and its contributions before it grants a work permit, and inspects.
        Of("sandbox-mol-employers", AgencyCodes.CommercialRegistry, "MOL", _employers, [WorkPermitApplication, LabourInspection], now),
        Of("sandbox-mol-standing", AgencyCodes.SocialSecurityFund, "MOL", _standing, [WorkPermitApplication, LabourInspection], now),

        // Clearance certificates the fund issues are checked by the ministry (work permits) and the registry (procurement).
        Of("sandbox-mol-certificates", AgencyCodes.SocialSecurityFund, "MOL", _certificates, [WorkPermitApplication, LabourInspection], now),
        // The registry's tender desks see the verdict and whom and what a certificate is for, not the fund's file numbers
        // or who asked.
        Of("sandbox-cr-certificates", AgencyCodes.SocialSecurityFund, "CR", _certificates, [PublicProcurement], now) with
        {
            FieldMask =
            [
                "verification_code", "employer", "registry_number", "legal_name_ar", "legal_name_latin", "purpose",
                "issue_time", "expire_time", "state", "revoke_time", "revocation_reason",
            ],
        },

        // The fund collects contributions from registered employers and checks which foreign workers they employ.
        Of("sandbox-ssf-employers", AgencyCodes.CommercialRegistry, "SSF", _employers, [ContributionCollection], now),
        Of("sandbox-ssf-permits", AgencyCodes.MinistryOfLabour, "SSF", _permits, [ContributionCollection], now),

        // The registry checks standing for public procurement files.
        Of("sandbox-cr-standing", AgencyCodes.SocialSecurityFund, "CR", _standing, [PublicProcurement], now),

        // General Security vets employers of foreign workers: it learns that an employer exists and is active, not its
        // headcount or tax id; and which permits a worker holds.
        Of("sandbox-gs-employers", AgencyCodes.CommercialRegistry, "GS", _employers, [SecurityVetting, WorkPermitApplication], now) with
        {
            FieldMask = ["registry_number", "legal_name_ar", "legal_name_latin", "status"],
        },
        Of("sandbox-gs-permits", AgencyCodes.MinistryOfLabour, "GS", _permits, [SecurityVetting, WorkPermitApplication], now),

        // The citizens' portal shows people who consulted their data, and may ask only that, at a modest rate.
        Of("sandbox-portal-subject-access", operatorAgency, "PORTAL", GrantableMethods.SubjectAccessService, [SubjectAccessReport], now) with
        {
            Method = GrantableMethods.SubjectAccessMethod,
            RateLimit = new GrantRateLimit(20, 40),
        },
    ];

    private static Grant Of(string id, string provider, string consumer, string service, IReadOnlyList<string> purposes, DateTimeOffset now) =>
        new(id, provider, consumer, null, service, null, purposes, [], null, now, Creator);
}
