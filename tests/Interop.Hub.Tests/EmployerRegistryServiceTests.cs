using Grpc.Core;
using Interop.Employers.V1;
using Interop.Hub.Errors;
using Interop.Seeding;

namespace Interop.Hub.Tests;

/// <summary>EmployerRegistry through the hub, served from the Commercial Registry's real PostgreSQL database.</summary>
public sealed class EmployerRegistryServiceTests(AgencyDatabasesFixture agencies) : IClassFixture<AgencyDatabasesFixture>
{
    private readonly EmployerRegistry.EmployerRegistryClient _client = new(agencies.Hub.Invoker());

    [Fact]
    public async Task GetEmployer_answers_the_registry_record_with_provenance()
    {
        var profile = agencies.Employer(e => e is { Lifecycle: EmployerLifecycle.Active } && e.Contributions != ContributionBehaviour.NotRegistered);

        var call = _client.GetEmployerAsync(new GetEmployerRequest { Name = $"employers/{profile.RegistryNumber}" });
        var response = await call;
        var headers = await call.ResponseHeadersAsync;

        var employer = response.Employer;
        Assert.Equal($"employers/{profile.RegistryNumber}", employer.Name);
        Assert.Equal(profile.RegistryNumber, employer.RegistryNumber);
        Assert.Equal(profile.SocialSecurityNumber, employer.SocialSecurityNumber);
        Assert.Equal(profile.TaxId, employer.TaxId);
        Assert.Equal(profile.LegalNameLatin, employer.LegalNameLatin);
        Assert.Equal(profile.LegalNameAr, employer.LegalNameAr);
        Assert.Equal(EmployerStatus.Active, employer.Status);
        Assert.Equal(profile.Region.Code, employer.Region.Code);
        Assert.Equal(profile.ActivityCode, employer.ActivityCode);
        Assert.Equal(profile.DeclaredHeadcount, employer.DeclaredHeadcount);
        Assert.Equal(
            new Google.Type.Date { Year = profile.RegistrationDate.Year, Month = profile.RegistrationDate.Month, Day = profile.RegistrationDate.Day },
            employer.RegistrationDate);

        var provenance = response.Provenance;
        Assert.Equal("CR", provenance.ProviderAgency);
        Assert.Equal(profile.RegistryUpdatedAt, provenance.SourceUpdateTime.ToDateTimeOffset());
        Assert.InRange(provenance.FetchTime.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        // No from_cache assertion: other tests of the class may have asked for this employer first (see Caching/).
        Assert.True(Guid.TryParse(provenance.ExchangeId, out _));
        Assert.Equal(provenance.ExchangeId, headers.GetValue("x-interop-exchange-id"));
    }

    [Fact]
    public async Task GetEmployer_maps_struck_off_and_suspended_statuses()
    {
        var struckOff = agencies.Employer(e => e.Lifecycle == EmployerLifecycle.StruckOff);
        var suspended = agencies.Employer(e => e.Lifecycle == EmployerLifecycle.Suspended);

        var a = await _client.GetEmployerAsync(new GetEmployerRequest { Name = $"employers/{struckOff.RegistryNumber}" });
        var b = await _client.GetEmployerAsync(new GetEmployerRequest { Name = $"employers/{suspended.RegistryNumber}" });

        Assert.Equal(EmployerStatus.StruckOff, a.Employer.Status);
        Assert.Equal(EmployerStatus.Suspended, b.Employer.Status);
    }

    [Fact]
    public async Task GetEmployer_for_an_unknown_number_is_not_found()
    {
        await RpcAssert.FailsWith(StatusCode.NotFound, ErrorReasons.ResourceNotFound, async () =>
            await _client.GetEmployerAsync(new GetEmployerRequest { Name = "employers/99F9999999" }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("employers/")]
    [InlineData("16B0012345")]
    [InlineData("employers/16B001234")]
    [InlineData("employers/16Z0012345")]
    [InlineData("employers/16b0012345")]
    [InlineData("employers/16B0012345\n")]
    [InlineData("employers/١٦B0012345")]
    [InlineData("employers/16B0012345/standing")]
    public async Task GetEmployer_with_a_malformed_name_is_invalid_argument_naming_the_field(string name)
    {
        var fields = await RpcAssert.FailsWithInvalidFields(async () =>
            await _client.GetEmployerAsync(new GetEmployerRequest { Name = name }));

        Assert.Equal(["name"], fields);
    }

    [Fact]
    public async Task BatchGetEmployers_answers_in_request_order_with_unknown_and_malformed_names_reported_per_item()
    {
        var first = agencies.Population.Employer(3);
        var second = agencies.Population.Employer(7);
        string[] names =
        [
            $"employers/{first.RegistryNumber}",
            "employers/99F9999999",
            "not-a-name",
            $"employers/{second.RegistryNumber}",
            $"employers/{first.RegistryNumber}",
        ];

        var response = await _client.BatchGetEmployersAsync(new BatchGetEmployersRequest { Names = { names } });

        Assert.Equal(names, response.Results.Select(r => r.RequestedName));
        Assert.Equal(first.RegistryNumber, response.Results[0].Employer.RegistryNumber);
        Assert.Equal((int)StatusCode.NotFound, response.Results[1].Error.Code);
        Assert.Equal((int)StatusCode.InvalidArgument, response.Results[2].Error.Code);
        Assert.Contains("names[2]", response.Results[2].Error.Message, StringComparison.Ordinal);
        Assert.Equal(second.RegistryNumber, response.Results[3].Employer.RegistryNumber);
        Assert.Equal(first.RegistryNumber, response.Results[4].Employer.RegistryNumber);
        Assert.All(new[] { 0, 3, 4 }, i => Assert.Equal("CR", response.Results[i].Provenance.ProviderAgency));
    }

    [Fact]
    public async Task BatchGetEmployers_accepts_1000_names()
    {
        var names = Enumerable.Range(0, 1000)
            .Select(i => $"employers/{agencies.Population.Employer(i % agencies.Population.EmployerCount).RegistryNumber}");

        var response = await _client.BatchGetEmployersAsync(new BatchGetEmployersRequest { Names = { names } });

        Assert.Equal(1000, response.Results.Count);
        Assert.All(response.Results, r => Assert.Equal(EmployerResult.OutcomeOneofCase.Employer, r.OutcomeCase));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task BatchGetEmployers_refuses_empty_and_oversized_batches(int count)
    {
        var names = Enumerable.Repeat("employers/16B0012345", count);

        var fields = await RpcAssert.FailsWithInvalidFields(async () =>
            await _client.BatchGetEmployersAsync(new BatchGetEmployersRequest { Names = { names } }));

        Assert.Equal(["names"], fields);
    }

    [Fact]
    public async Task A_call_without_caller_identity_is_unauthenticated_and_still_gets_an_exchange_id()
    {
        var anonymous = new EmployerRegistry.EmployerRegistryClient(agencies.Hub.Invoker(caller: null));
        var call = anonymous.GetEmployerAsync(new GetEmployerRequest { Name = $"employers/{agencies.Population.Employer(0).RegistryNumber}" });

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, ErrorReasons.CallerIdentityMissing, async () => await call);
        Assert.NotNull((await call.ResponseHeadersAsync).GetValue("x-interop-exchange-id"));
    }

    [Theory]
    [InlineData("MOL", ErrorReasons.CallerIdentityMalformed, StatusCode.Unauthenticated)]
    [InlineData("mol/backoffice", ErrorReasons.CallerIdentityMalformed, StatusCode.Unauthenticated)]
    [InlineData("MOL/Back Office", ErrorReasons.CallerIdentityMalformed, StatusCode.Unauthenticated)]
    [InlineData("XYZ/backoffice", ErrorReasons.CallerAgencyUnknown, StatusCode.PermissionDenied)]
    public async Task A_call_with_a_bad_caller_identity_is_refused(string caller, string reason, StatusCode status)
    {
        var client = new EmployerRegistry.EmployerRegistryClient(agencies.Hub.Invoker(caller));

        await RpcAssert.FailsWith(status, reason, async () =>
            await client.GetEmployerAsync(new GetEmployerRequest { Name = $"employers/{agencies.Population.Employer(0).RegistryNumber}" }));
    }
}
