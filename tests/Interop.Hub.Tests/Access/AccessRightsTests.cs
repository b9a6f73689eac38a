using Google.Rpc;
using Grpc.Core;
using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Hub.Access;
using Interop.Hub.V1;
using static Interop.Hub.Tests.Access.AccessTesting;

namespace Interop.Hub.Tests.Access;

/// <summary>Deny by default, purpose and case on every call to an agency, grants by purpose, in the sandbox.</summary>
public sealed class AccessRightsTests : IAsyncLifetime
{
    private readonly HubHost _hub = HubHost.Sandbox();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_call_without_a_purpose_is_refused_saying_which_method_and_provider()
    {
        var client = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker(purpose: HubHost.None));

        var status = await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.PurposeMissing,
            async () => await client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(1) }));

        var info = status.GetDetail<ErrorInfo>();
        Assert.Equal("/interop.employers.v1.EmployerRegistry/GetEmployer", info.Metadata["method"]);
        Assert.Equal("CR", info.Metadata["provider"]);
        Assert.Contains("x-interop-purpose", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_purpose_the_hub_does_not_know_is_refused()
    {
        var client = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker(purpose: "CURIOSITY"));

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.PurposeUnknown,
            async () => await client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(1) }));
    }

    [Fact]
    public async Task A_call_without_a_case_reference_or_with_a_malformed_one_is_refused()
    {
        var withoutCase = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker(caseReference: HubHost.None));
        var malformedCase = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker(caseReference: "file 12; DROP"));

        var missing = await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.CaseReferenceMissing,
            async () => await withoutCase.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(1) }));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.CaseReferenceMalformed,
            async () => await malformedCase.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(1) }));

        Assert.Equal("WORK_PERMIT_APPLICATION", missing.GetDetail<ErrorInfo>().Metadata["purpose"]);
    }

    [Fact]
    public async Task A_malformed_official_id_is_refused_and_a_good_one_accepted()
    {
        var client = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker());

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.OfficialIdMalformed,
            async () => await client.GetEmployerAsync(
                new GetEmployerRequest { Name = EmployerName(1) }, new Metadata { { AccessHeaders.OfficialId, "agent smith" } }));
        var response = await client.GetEmployerAsync(
            new GetEmployerRequest { Name = EmployerName(1) }, new Metadata { { AccessHeaders.OfficialId, "MOL-agent-0042" } });

        Assert.Equal(EmployerName(1), response.Employer.Name);
    }

    [Fact]
    public async Task Deny_by_default_an_agency_without_a_grant_is_refused()
    {
        // General Security holds no grant on the fund's standing.
        var client = new ContributionStanding.ContributionStandingClient(_hub.Invoker("GS/border-control"));

        var status = await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.AccessNotGranted,
            async () => await client.GetStandingAsync(new GetStandingRequest { Name = EmployerName(1) + "/standing" }));

        var info = status.GetDetail<ErrorInfo>();
        Assert.Equal("/interop.contributions.v1.ContributionStanding/GetStanding", info.Metadata["method"]);
        Assert.Equal("SSF", info.Metadata["provider"]);
        Assert.Equal("SECURITY_VETTING", info.Metadata["purpose"]);
    }

    [Fact]
    public async Task A_grant_for_other_purposes_does_not_allow_this_one()
    {
        // The fund may read the registry for contribution collection only.
        var client = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("SSF/clearance", purpose: "LABOUR_INSPECTION"));

        var status = await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.PurposeNotGranted,
            async () => await client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(1) }));

        Assert.Equal("LABOUR_INSPECTION", status.GetDetail<ErrorInfo>().Metadata["purpose"]);
    }

    [Fact]
    public async Task A_granted_purpose_is_served()
    {
        var client = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("SSF/clearance", purpose: "CONTRIBUTION_COLLECTION"));

        var response = await client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(1) });

        Assert.Equal(Population.Employer(1).TaxId, response.Employer.TaxId);
    }

    [Fact]
    public async Task The_providing_agency_reads_its_own_service_without_a_grant_but_still_declares_why()
    {
        var client = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("CR/registry-office", purpose: "LABOUR_INSPECTION"));
        var withoutPurpose = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("CR/registry-office", purpose: HubHost.None));

        var response = await client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(2) });

        Assert.Equal(Population.Employer(2).DeclaredHeadcount, response.Employer.DeclaredHeadcount);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.PurposeMissing,
            async () => await withoutPurpose.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(2) }));
    }

    [Fact]
    public async Task The_hubs_own_services_need_neither_grant_nor_purpose()
    {
        var client = new Interop.Hub.V1.Directory.DirectoryClient(_hub.Invoker("GS/border-control", purpose: HubHost.None, caseReference: HubHost.None));

        var response = await client.ListAgenciesAsync(new ListAgenciesRequest());

        Assert.NotEmpty(response.Agencies);
    }

    [Fact]
    public async Task The_subject_access_report_needs_its_grant_from_the_hubs_operator()
    {
        var request = new ListSubjectAccessesRequest { SubjectId = Population.Employer(1).RegistryNumber };
        var gs = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(_hub.Invoker("GS/border-control", purpose: "SUBJECT_ACCESS_REPORT"));
        var portal = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(_hub.Invoker("PORTAL/web"));

        var status = await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.AccessNotGranted,
            async () => await gs.ListSubjectAccessesAsync(request));
        await portal.ListSubjectAccessesAsync(request);

        Assert.Equal("HUB", status.GetDetail<ErrorInfo>().Metadata["provider"]);
    }

    [Fact]
    public async Task A_refused_call_is_logged_with_its_purpose_case_official_and_provider()
    {
        var client = new ContributionStanding.ContributionStandingClient(_hub.Invoker("GS/border-control", caseReference: "GS-VET-2026-17"));
        var exchangeId = await ExchangeLog.ExchangeLogTesting.ExchangeIdAsync(client.GetStandingAsync(
            new GetStandingRequest { Name = EmployerName(1) + "/standing" }, new Metadata { { AccessHeaders.OfficialId, "officer-7" } }));
        var log = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(_hub.Invoker("GS/border-control"));

        var exchange = await ExchangeLog.ExchangeLogTesting.EventuallyAsync(
            async () =>
            {
                try
                {
                    return (await log.GetExchangeAsync(new GetExchangeRequest { Name = $"exchanges/{exchangeId}" })).Exchange;
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                {
                    return null;
                }
            },
            found => found is not null,
            TimeSpan.FromSeconds(10));

        Assert.NotNull(exchange);
        Assert.Equal(Google.Rpc.Code.PermissionDenied, exchange.StatusCode);
        Assert.Equal(("SECURITY_VETTING", "GS-VET-2026-17", "officer-7"), (exchange.Purpose, exchange.CaseReference, exchange.OfficialId));
        Assert.Equal("SSF", exchange.ProviderAgency);
    }
}
