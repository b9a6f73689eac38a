using Interop.Employers.V1;
using Interop.Seeding;
using static Interop.Hub.Tests.Access.AccessTesting;

namespace Interop.Hub.Tests.Access;

/// <summary>
/// Minimal disclosure: General Security's grant on the registry shows that an employer exists and is active, never its
/// headcount or tax id, whether the answer is single, batched or cached, and without changing what others are served.
/// </summary>
public sealed class FieldMaskTests : IAsyncLifetime
{
    private readonly HubHost _hub = HubHost.Sandbox();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_single_answer_keeps_only_the_granted_fields_and_the_name()
    {
        var profile = AccessTesting.Population.Employer(5);
        var gs = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("GS/border-control"));

        var response = await gs.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(5) });

        AssertMasked(profile, response.Employer);
        Assert.Equal("CR", response.Provenance.ProviderAgency);
    }

    [Fact]
    public async Task A_cached_record_is_masked_for_one_caller_and_whole_for_another()
    {
        var profile = AccessTesting.Population.Employer(6);
        var mol = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("MOL/permits-backoffice"));
        var gs = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("GS/border-control"));

        var first = await mol.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(6) });
        var masked = await gs.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(6) });
        var again = await mol.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(6) });

        Assert.True(masked.Provenance.FromCache, "the second call should be served from the cache");
        AssertMasked(profile, masked.Employer);
        Assert.True(again.Provenance.FromCache);
        Assert.Equal(first.Employer, again.Employer);
        Assert.Equal(profile.TaxId, again.Employer.TaxId);
        Assert.Equal(profile.DeclaredHeadcount, again.Employer.DeclaredHeadcount);
    }

    [Fact]
    public async Task Every_record_of_a_batch_is_masked_and_errors_stay()
    {
        var gs = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("GS/border-control"));
        var request = new BatchGetEmployersRequest { Names = { EmployerName(7), "employers/99F9999999", EmployerName(8), "nonsense" } };

        var response = await gs.BatchGetEmployersAsync(request);

        Assert.Equal(request.Names, response.Results.Select(r => r.RequestedName));
        AssertMasked(AccessTesting.Population.Employer(7), response.Results[0].Employer);
        AssertMasked(AccessTesting.Population.Employer(8), response.Results[2].Employer);
        Assert.Equal((int)Google.Rpc.Code.NotFound, response.Results[1].Error.Code);
        Assert.Equal((int)Google.Rpc.Code.InvalidArgument, response.Results[3].Error.Code);
        Assert.Equal("CR", response.Results[0].Provenance.ProviderAgency);
    }

    private static void AssertMasked(EmployerProfile profile, Employer employer)
    {
        Assert.Equal($"employers/{profile.RegistryNumber}", employer.Name);
        Assert.Equal(profile.RegistryNumber, employer.RegistryNumber);
        Assert.Equal(profile.LegalNameLatin, employer.LegalNameLatin);
        Assert.Equal(profile.LegalNameAr, employer.LegalNameAr);
        Assert.NotEqual(EmployerStatus.Unspecified, employer.Status);
        Assert.Equal("", employer.TaxId);
        Assert.Equal("", employer.SocialSecurityNumber);
        Assert.Equal(0, employer.DeclaredHeadcount);
        Assert.Null(employer.Region);
        Assert.Null(employer.RegistrationDate);
        Assert.Equal("", employer.ActivityCode);
    }
}
