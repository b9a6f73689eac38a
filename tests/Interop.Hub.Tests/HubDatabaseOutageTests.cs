using Grpc.Core;
using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Hub.Errors;
using Interop.Hub.V1;
using Interop.Seeding;
using static Interop.Hub.Tests.ExchangeLog.ExchangeLogTesting;
using ExchangeLogClient = Interop.Hub.V1.ExchangeLog.ExchangeLogClient;

namespace Interop.Hub.Tests;

/// <summary>
/// The hub's own database (log, grants, certificates) down while the hub runs: what reads or writes it is an outage to
/// retry, UNAVAILABLE with RetryInfo, never INTERNAL (a defect); lookups at the agencies go on (grants in force stay,
/// records wait in the queue); everything answers again once the database is back.
/// </summary>
public sealed class HubDatabaseOutageTests(AgencyDatabasesFixture agencies) : IClassFixture<AgencyDatabasesFixture>
{
    private const string Employers = "interop.employers.v1.EmployerRegistry";

    [Fact]
    public async Task Every_method_on_the_hub_database_is_unavailable_to_retry_and_lookups_go_on()
    {
        var hub = agencies.Hub;
        var employer = "employers/" + agencies.Population.Employer(1).RegistryNumber;
        var ministry = hub.Invoker("MOL/permits-backoffice");
        var portal = hub.Invoker("SSF/employer-portal");
        var exchangeId = await ExchangeIdAsync(new EmployerRegistry.EmployerRegistryClient(ministry).GetEmployerAsync(new GetEmployerRequest { Name = employer }));
        await WaitForRowsAsync(agencies.HubDatabase, [exchangeId]);
        var certificate = (await new ClearanceCertificates.ClearanceCertificatesClient(portal).RequestCertificateAsync(new RequestCertificateRequest
        {
            Employer = "employers/" + agencies.Population.Employers()
                .First(e => e is { Lifecycle: EmployerLifecycle.Active, Contributions: ContributionBehaviour.Good }).RegistryNumber,
            Purpose = "PUBLIC_PROCUREMENT",
            RequestedBy = "clerk 12",
            RequestId = Guid.NewGuid().ToString(),
        })).Certificate;
        var exchangeLog = new ExchangeLogClient(ministry);
        var registryOffice = new AccessAdmin.AccessAdminClient(hub.Invoker("CR/registry-office"));
        var certificates = new ClearanceCertificates.ClearanceCertificatesClient(portal);
        var calls = new (string Method, Func<Task> Call)[]
        {
            ("ListExchanges", () => exchangeLog.ListExchangesAsync(new ListExchangesRequest()).ResponseAsync),
            ("GetExchange", () => exchangeLog.GetExchangeAsync(new GetExchangeRequest { Name = $"exchanges/{exchangeId}" }).ResponseAsync),
            ("GetReceipt", () => exchangeLog.GetReceiptAsync(new GetReceiptRequest { Name = $"exchanges/{exchangeId}/receipt" }).ResponseAsync),
            ("ListSubjectAccesses", () => new ExchangeLogClient(hub.Invoker("PORTAL/web"))
                .ListSubjectAccessesAsync(new ListSubjectAccessesRequest { SubjectId = agencies.Population.Employer(1).RegistryNumber }).ResponseAsync),
            ("CreateGrant", () => registryOffice.CreateGrantAsync(new CreateGrantRequest
            {
                Grant = new Grant { ConsumerAgency = "PORTAL", Service = Employers, Method = "GetEmployer", Purposes = { "PUBLIC_PROCUREMENT" } },
            }).ResponseAsync),
            ("ListGrants", () => registryOffice.ListGrantsAsync(new ListGrantsRequest()).ResponseAsync),
            ("RequestCertificate", () => certificates.RequestCertificateAsync(new RequestCertificateRequest
            {
                Employer = certificate.Employer, Purpose = "PUBLIC_PROCUREMENT", RequestedBy = "clerk 12", RequestId = Guid.NewGuid().ToString(),
            }).ResponseAsync),
            ("GetCertificate", () => certificates.GetCertificateAsync(new GetCertificateRequest { Name = certificate.Name }).ResponseAsync),
            ("ListCertificates", () => certificates.ListCertificatesAsync(new ListCertificatesRequest { Parent = certificate.Employer }).ResponseAsync),
            ("VerifyCertificate", () => certificates.VerifyCertificateAsync(new VerifyCertificateRequest { VerificationCode = certificate.VerificationCode }).ResponseAsync),
        };

        var answers = new List<string>();
        await SetReachableAsync(agencies.HubDatabase, false);
        try
        {
            foreach (var (method, call) in calls)
            {
                var failure = await Assert.ThrowsAsync<RpcException>(call);
                var status = failure.GetRpcStatus();
                answers.Add($"{method}: {failure.StatusCode} {status?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason} retry {status?.GetDetail<Google.Rpc.RetryInfo>() is not null}");
            }

            // Lookups at the agencies go on: the grants in force stay, the records wait in the queue.
            Assert.NotNull(await new EmployerRegistry.EmployerRegistryClient(ministry).GetEmployerAsync(new GetEmployerRequest { Name = employer }));
        }
        finally
        {
            await SetReachableAsync(agencies.HubDatabase, true);
        }

        Assert.All(answers, answer => Assert.EndsWith($": Unavailable {ErrorReasons.HubDatabaseUnavailable} retry True", answer, StringComparison.Ordinal));
        Assert.NotNull(await AnsweredOnceAvailableAsync(() => exchangeLog.ListExchangesAsync(new ListExchangesRequest()).ResponseAsync, TimeSpan.FromSeconds(15)));
        Assert.NotNull(await AnsweredOnceAvailableAsync(
            () => certificates.VerifyCertificateAsync(new VerifyCertificateRequest { VerificationCode = certificate.VerificationCode }).ResponseAsync,
            TimeSpan.FromSeconds(15)));
    }
}
