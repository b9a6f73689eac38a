using Interop.Hub.V1;

namespace Interop.Hub.Tests;

public sealed class DirectoryServiceTests : IAsyncLifetime
{
    private readonly HubHost _hub = HubHost.Sandbox();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task ListAgencies_names_each_agency_and_the_services_it_provides()
    {
        var client = new Interop.Hub.V1.Directory.DirectoryClient(_hub.Invoker());

        var response = await client.ListAgenciesAsync(new ListAgenciesRequest());

        var byCode = response.Agencies.ToDictionary(a => a.Code);
        Assert.Equal(["CR", "GS", "HUB", "MOL", "PORTAL", "SSF"], byCode.Keys.Order());
        Assert.Equal(["interop.employers.v1.EmployerRegistry"], byCode["CR"].ProvidedServices);
        Assert.Equal(["interop.contributions.v1.ContributionStanding", "interop.contributions.v1.ClearanceCertificates"], byCode["SSF"].ProvidedServices);
        Assert.Equal(["interop.permits.v1.WorkPermits"], byCode["MOL"].ProvidedServices);
        Assert.Empty(byCode["GS"].ProvidedServices);
        Assert.Equal("agencies/MOL", byCode["MOL"].Name);
    }

    [Fact]
    public async Task GetCallerAccess_answers_exactly_what_the_caller_may_call_with_purposes_and_field_masks()
    {
        var client = new Interop.Hub.V1.Directory.DirectoryClient(_hub.Invoker("GS/border-control"));

        var response = await client.GetCallerAccessAsync(new GetCallerAccessRequest());

        Assert.Equal("GS", response.AgencyCode);
        Assert.Equal("border-control", response.System);
        Assert.Equal(
            [
                "/interop.employers.v1.EmployerRegistry/BatchGetEmployers",
                "/interop.employers.v1.EmployerRegistry/GetEmployer",
                "/interop.hub.v1.AccessAdmin/CreateGrant",
                "/interop.hub.v1.AccessAdmin/GetGrant",
                "/interop.hub.v1.AccessAdmin/ListGrants",
                "/interop.hub.v1.AccessAdmin/RevokeGrant",
                "/interop.hub.v1.CacheAdmin/PurgeAgencyCache",
                "/interop.hub.v1.Directory/GetCallerAccess",
                "/interop.hub.v1.Directory/ListAgencies",
                "/interop.hub.v1.Directory/ListIssuerKeys",
                "/interop.hub.v1.ExchangeLog/GetExchange",
                "/interop.hub.v1.ExchangeLog/GetReceipt",
                "/interop.hub.v1.ExchangeLog/ListExchanges",
                "/interop.hub.v1.ExchangeLog/ListSigningKeys",
                "/interop.permits.v1.WorkPermits/GetPermit",
                "/interop.permits.v1.WorkPermits/ListEmployerPermits",
                "/interop.permits.v1.WorkPermits/ListWorkerPermits",
            ],
            response.AllowedMethods.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("/interop.contributions.v1.ContributionStanding/GetStanding", response.AllowedMethods);

        var employer = Assert.Single(response.MethodAccess, a => a.Method == "/interop.employers.v1.EmployerRegistry/GetEmployer");
        Assert.Equal("CR", employer.ProviderAgency);
        Assert.True(employer.PurposeRequired);
        Assert.Equal(["SECURITY_VETTING", "WORK_PERMIT_APPLICATION"], employer.Purposes);
        Assert.Equal(["legal_name_ar", "legal_name_latin", "name", "registry_number", "status"], employer.FieldMask.Paths);
        Assert.Equal("grants/sandbox-gs-employers", employer.Grant);

        var directory = Assert.Single(response.MethodAccess, a => a.Method == "/interop.hub.v1.Directory/ListAgencies");
        Assert.False(directory.PurposeRequired);
        Assert.Equal("", directory.ProviderAgency);
        Assert.Contains("WORK_PERMIT_APPLICATION", response.PurposeCodes);
    }

    [Fact]
    public async Task GetCallerAccess_lists_the_callers_own_services_and_the_subject_access_report_only_to_its_holder()
    {
        var mol = await new Interop.Hub.V1.Directory.DirectoryClient(_hub.Invoker("MOL/permits-backoffice"))
            .GetCallerAccessAsync(new GetCallerAccessRequest());
        var portal = await new Interop.Hub.V1.Directory.DirectoryClient(_hub.Invoker("PORTAL/web"))
            .GetCallerAccessAsync(new GetCallerAccessRequest());

        var own = Assert.Single(mol.MethodAccess, a => a.Method == "/interop.permits.v1.WorkPermits/GetPermit");
        Assert.Equal("MOL", own.ProviderAgency);
        Assert.Equal("", own.Grant);
        Assert.Contains("/interop.contributions.v1.ContributionStanding/GetStanding", mol.AllowedMethods);
        Assert.DoesNotContain("/interop.hub.v1.ExchangeLog/ListSubjectAccesses", mol.AllowedMethods);

        var report = Assert.Single(portal.MethodAccess, a => a.Method == "/interop.hub.v1.ExchangeLog/ListSubjectAccesses");
        Assert.Equal("HUB", report.ProviderAgency);
        Assert.Equal(["SUBJECT_ACCESS_REPORT"], report.Purposes);
        Assert.NotNull(report.RateLimit);
        Assert.DoesNotContain(portal.AllowedMethods, m => m.StartsWith("/interop.employers.", StringComparison.Ordinal));
    }
}
