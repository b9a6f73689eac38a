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
        Assert.Equal(["CR", "GS", "MOL", "SSF"], byCode.Keys.Order());
        Assert.Equal(["interop.employers.v1.EmployerRegistry"], byCode["CR"].ProvidedServices);
        Assert.Equal(["interop.contributions.v1.ContributionStanding", "interop.contributions.v1.ClearanceCertificates"], byCode["SSF"].ProvidedServices);
        Assert.Equal(["interop.permits.v1.WorkPermits"], byCode["MOL"].ProvidedServices);
        Assert.Empty(byCode["GS"].ProvidedServices);
        Assert.Equal("agencies/MOL", byCode["MOL"].Name);
    }

    [Fact]
    public async Task GetCallerAccess_tells_the_caller_who_it_is_and_what_it_may_call()
    {
        var client = new Interop.Hub.V1.Directory.DirectoryClient(_hub.Invoker("GS/border-control"));

        var response = await client.GetCallerAccessAsync(new GetCallerAccessRequest());

        Assert.Equal("GS", response.AgencyCode);
        Assert.Equal("border-control", response.System);
        Assert.Contains("/interop.employers.v1.EmployerRegistry/GetEmployer", response.AllowedMethods);
        Assert.Contains("/interop.employers.v1.EmployerRegistry/BatchGetEmployers", response.AllowedMethods);
        Assert.Contains("/interop.contributions.v1.ContributionStanding/GetStanding", response.AllowedMethods);
        Assert.Contains("/interop.permits.v1.WorkPermits/ListEmployerPermits", response.AllowedMethods);
        Assert.Contains("/interop.hub.v1.Directory/ListAgencies", response.AllowedMethods);
    }
}
