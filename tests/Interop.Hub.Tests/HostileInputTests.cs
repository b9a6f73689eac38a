using Grpc.Core;
using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Hub.V1;
using Interop.Permits.V1;
using static Interop.Hub.Tests.ExchangeLog.ExchangeLogTesting;
using DirectoryClient = Interop.Hub.V1.Directory.DirectoryClient;
using ExchangeLogClient = Interop.Hub.V1.ExchangeLog.ExchangeLogClient;

namespace Interop.Hub.Tests;

/// <summary>
/// Every string a caller sends, in every method, with what a careless or hostile client may put there: NUL (which
/// PostgreSQL's text cannot hold), other control characters, a lone surrogate, 70,000 characters. A Live hub on real
/// PostgreSQL (agencies, grants, certificates, exchange log) answers each with the caller's error, never INTERNAL or
/// UNKNOWN, and its exchange log still records the calls that follow.
/// </summary>
public sealed class HostileInputTests(AgencyDatabasesFixture agencies) : IClassFixture<AgencyDatabasesFixture>
{
    private const string Ministry = "MOL/permits-backoffice";
    private const string RegistryOffice = "CR/registry-office";
    private const string EmployerPortal = "SSF/employer-portal";
    private const string Employers = "interop.employers.v1.EmployerRegistry";

    public static TheoryData<string, string> Inputs => new()
    {
        { "NUL", "\u0000" },
        { "NUL between letters", "é\u0000é" },
        { "C0 control", "\u0001" },
        { "C1 control", "\u0085x" },
        { "lone surrogate", "\uD800" },
        { "70,000 characters", new string('x', 70_000) },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task No_method_answers_internal_or_unknown_and_the_log_goes_on(string kind, string text)
    {
        var hub = agencies.Hub;
        var employer = "employers/" + agencies.Population.Employer(1).RegistryNumber;
        var ministry = hub.Invoker(Ministry);
        var portal = hub.Invoker(EmployerPortal);
        var calls = new (string Method, Func<Task> Call)[]
        {
            ("GetEmployer", () => new EmployerRegistry.EmployerRegistryClient(ministry).GetEmployerAsync(new GetEmployerRequest { Name = "employers/" + text }).ResponseAsync),
            ("BatchGetEmployers", () => new EmployerRegistry.EmployerRegistryClient(ministry).BatchGetEmployersAsync(new BatchGetEmployersRequest { Names = { "employers/16B" + text } }).ResponseAsync),
            ("GetStanding", () => new ContributionStanding.ContributionStandingClient(ministry).GetStandingAsync(new GetStandingRequest { Name = "employers/" + text + "/standing" }).ResponseAsync),
            ("GetPermit", () => new WorkPermits.WorkPermitsClient(ministry).GetPermitAsync(new GetPermitRequest { Name = "permits/" + text }).ResponseAsync),
            ("ListWorkerPermits", () => new WorkPermits.WorkPermitsClient(ministry).ListWorkerPermitsAsync(new ListWorkerPermitsRequest
            {
                TravelDocument = new TravelDocument { Type = TravelDocumentType.Passport, Number = "A" + text, Nationality = "FR" + text },
            }).ResponseAsync),
            ("ListEmployerPermits", () => new WorkPermits.WorkPermitsClient(ministry).ListEmployerPermitsAsync(new ListEmployerPermitsRequest { Parent = employer, PageToken = text }).ResponseAsync),
            ("ListExchanges", () => new ExchangeLogClient(ministry).ListExchangesAsync(new ListExchangesRequest { SubjectId = text, ExchangeId = text, PageToken = text }).ResponseAsync),
            ("GetExchange", () => new ExchangeLogClient(ministry).GetExchangeAsync(new GetExchangeRequest { Name = "exchanges/" + text }).ResponseAsync),
            ("GetReceipt", () => new ExchangeLogClient(ministry).GetReceiptAsync(new GetReceiptRequest { Name = "exchanges/" + text + "/receipt" }).ResponseAsync),
            ("ListSubjectAccesses", () => new ExchangeLogClient(hub.Invoker("PORTAL/web")).ListSubjectAccessesAsync(new ListSubjectAccessesRequest { SubjectId = "16B" + text }).ResponseAsync),
            ("CreateGrant", () => new AccessAdmin.AccessAdminClient(hub.Invoker(RegistryOffice)).CreateGrantAsync(new CreateGrantRequest
            {
                GrantId = "g" + text,
                Grant = new Grant { ConsumerAgency = "PORTAL", ConsumerSystem = "web" + text, Service = Employers, Method = "GetEmployer", Purposes = { "PUBLIC_PROCUREMENT" + text } },
            }).ResponseAsync),
            ("GetGrant", () => new AccessAdmin.AccessAdminClient(hub.Invoker(RegistryOffice)).GetGrantAsync(new GetGrantRequest { Name = "grants/" + text }).ResponseAsync),
            ("ListGrants", () => new AccessAdmin.AccessAdminClient(hub.Invoker(RegistryOffice)).ListGrantsAsync(new ListGrantsRequest { PageToken = text }).ResponseAsync),
            ("RevokeGrant", async () =>
            {
                var admin = new AccessAdmin.AccessAdminClient(hub.Invoker(RegistryOffice));
                var grant = (await admin.CreateGrantAsync(new CreateGrantRequest
                {
                    Grant = new Grant { ConsumerAgency = "PORTAL", Service = Employers, Method = "GetEmployer", Purposes = { "PUBLIC_PROCUREMENT" } },
                })).Grant;
                await admin.RevokeGrantAsync(new RevokeGrantRequest { Name = grant.Name, Reason = "file " + text + " closed" });
            }),
            ("RequestCertificate", () => new ClearanceCertificates.ClearanceCertificatesClient(portal).RequestCertificateAsync(new RequestCertificateRequest
            {
                Employer = employer, Purpose = "PUBLIC_PROCUREMENT" + text, RequestedBy = "clerk " + text, RequestId = "r" + text,
            }).ResponseAsync),
            ("GetCertificate", () => new ClearanceCertificates.ClearanceCertificatesClient(portal).GetCertificateAsync(new GetCertificateRequest { Name = "certificates/" + text }).ResponseAsync),
            ("ListCertificates", () => new ClearanceCertificates.ClearanceCertificatesClient(portal).ListCertificatesAsync(new ListCertificatesRequest { Parent = employer, PageToken = text }).ResponseAsync),
            ("RevokeCertificate", () => new ClearanceCertificates.ClearanceCertificatesClient(hub.Invoker("SSF/clearance-desk")).RevokeCertificateAsync(new RevokeCertificateRequest { Name = "certificates/" + text, Reason = text }).ResponseAsync),
            ("VerifyCertificate by code", () => new ClearanceCertificates.ClearanceCertificatesClient(portal).VerifyCertificateAsync(new VerifyCertificateRequest { VerificationCode = "ABCD-" + text }).ResponseAsync),
            ("VerifyCertificate by token", () => new ClearanceCertificates.ClearanceCertificatesClient(portal).VerifyCertificateAsync(new VerifyCertificateRequest { Token = "t" + text }).ResponseAsync),
            ("PurgeAgencyCache name", () => new CacheAdmin.CacheAdminClient(hub.Invoker("HUB/operations")).PurgeAgencyCacheAsync(
                new PurgeAgencyCacheRequest { Name = "agencies/" + text, Reason = "restored" }).ResponseAsync),
            ("PurgeAgencyCache reason", () => new CacheAdmin.CacheAdminClient(hub.Invoker(RegistryOffice)).PurgeAgencyCacheAsync(
                new PurgeAgencyCacheRequest { Name = "agencies/CR", Reason = "restored " + text }).ResponseAsync),
            ("GetCallerAccess as the caller", () => new DirectoryClient(hub.Invoker("MOL/permits" + text)).GetCallerAccessAsync(new GetCallerAccessRequest()).ResponseAsync),
            ("official header", () => new EmployerRegistry.EmployerRegistryClient(ministry).GetEmployerAsync(
                new GetEmployerRequest { Name = employer }, new Metadata { { "x-interop-official", "o" + text } }).ResponseAsync),
            ("purpose and case headers", () => new EmployerRegistry.EmployerRegistryClient(hub.Invoker(Ministry, purpose: "WORK" + text, caseReference: "WP-" + text))
                .GetEmployerAsync(new GetEmployerRequest { Name = employer }).ResponseAsync),
        };

        var internalErrors = new List<string>();
        foreach (var (method, call) in calls)
        {
            try
            {
                await call();
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Internal or StatusCode.Unknown)
            {
                internalErrors.Add($"{method}: {ex.StatusCode} {ex.Status.Detail}");
            }
            catch (RpcException)
            {
                // The caller's error, as it should be.
            }
        }

        var after = await ExchangeIdAsync(new EmployerRegistry.EmployerRegistryClient(hub.Invoker(Ministry))
            .GetEmployerAsync(new GetEmployerRequest { Name = "employers/" + agencies.Population.Employer(2).RegistryNumber }));
        var logged = await WaitForRowsAsync(agencies.HubDatabase, [after]);

        Assert.True(internalErrors.Count == 0, $"{kind}: {string.Join("; ", internalErrors)}");
        Assert.Contains(after, logged.Keys);
    }
}
