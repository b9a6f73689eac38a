using Grpc.Core;
using Interop.Contributions.V1;
using Interop.Hub.Errors;
using Interop.Hub.Exchange;
using Interop.Hub.Tests.ExchangeLog;
using Interop.Seeding;
using ProtoDate = Google.Type.Date;

namespace Interop.Hub.Tests;

/// <summary>ContributionStanding through the hub, computed from the Social Security Fund's real PostgreSQL database.</summary>
public sealed class ContributionStandingServiceTests(AgencyDatabasesFixture agencies) : IClassFixture<AgencyDatabasesFixture>
{
    private readonly ContributionStanding.ContributionStandingClient _client = new(agencies.Hub.Invoker());

    private Task<GetStandingResponse> StandingOf(EmployerProfile employer, ProtoDate? asOf = null) =>
        _client.GetStandingAsync(new GetStandingRequest { Name = $"employers/{employer.RegistryNumber}/standing", AsOf = asOf }).ResponseAsync;

    [Fact]
    public async Task An_employer_who_pays_on_time_is_in_good_standing_and_eligible_for_clearance()
    {
        var employer = agencies.Employer(e => e is { Lifecycle: EmployerLifecycle.Active, Contributions: ContributionBehaviour.Good });

        var response = await StandingOf(employer);

        var standing = response.Standing;
        Assert.Equal($"employers/{employer.RegistryNumber}/standing", standing.Name);
        Assert.Equal(StandingStatus.Good, standing.Status);
        Assert.True(standing.ClearanceEligible);
        Assert.Empty(standing.UnmetConditions);
        Assert.Equal(0, standing.Arrears.AmountMinor);
        Assert.Equal("DZD", standing.Arrears.CurrencyCode);
        Assert.Equal(employer.SocialSecurityNumber, standing.SocialSecurityNumber);
        Assert.True(standing.DeclaredWorkerCount > 0);
        Assert.NotNull(standing.LastPaidPeriod);
        Assert.Equal("SSF", response.Provenance.ProviderAgency);
        var today = DateTime.UtcNow;
        Assert.Equal(new ProtoDate { Year = today.Year, Month = today.Month, Day = today.Day }, standing.AsOf);
    }

    [Fact]
    public async Task An_employer_in_arrears_is_refused_clearance_with_the_unpaid_periods_and_amount()
    {
        var employer = agencies.Employer(e => e is { Lifecycle: EmployerLifecycle.Active, Contributions: ContributionBehaviour.Arrears });

        var standing = (await StandingOf(employer)).Standing;

        Assert.Equal(StandingStatus.Arrears, standing.Status);
        Assert.False(standing.ClearanceEligible);
        Assert.True(standing.Arrears.AmountMinor > 0);
        var unpaid = Assert.Single(standing.UnmetConditions, c => c.Kind == UnmetConditionKind.ContributionsUnpaid);
        Assert.NotEmpty(unpaid.Periods);
        Assert.Equal(standing.Arrears.AmountMinor, unpaid.Amount.AmountMinor);
        Assert.Equal(unpaid.Periods, standing.UnpaidPeriods);
    }

    [Fact]
    public async Task An_employer_with_missing_declarations_is_told_which_periods()
    {
        var employer = agencies.Employer(e => e is { Lifecycle: EmployerLifecycle.Active, Contributions: ContributionBehaviour.MissingDeclarations });

        var standing = (await StandingOf(employer)).Standing;

        Assert.False(standing.ClearanceEligible);
        var missing = Assert.Single(standing.UnmetConditions, c => c.Kind == UnmetConditionKind.DeclarationMissing);
        Assert.NotEmpty(missing.Periods);
        Assert.All(missing.Periods, p => Assert.Contains($"{p.Year:D4}-{p.Month:D2}", missing.Description, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_struck_off_employer_is_refused_clearance()
    {
        var employer = agencies.Employer(e => e.Lifecycle == EmployerLifecycle.StruckOff && e.Contributions != ContributionBehaviour.NotRegistered);

        var standing = (await StandingOf(employer)).Standing;

        Assert.False(standing.ClearanceEligible);
        Assert.Contains(standing.UnmetConditions, c => c.Kind == UnmetConditionKind.AccountClosed);
    }

    [Fact]
    public async Task An_employer_known_to_the_registry_but_not_the_fund_is_not_registered()
    {
        var employer = agencies.Employer(e => e.Contributions == ContributionBehaviour.NotRegistered);

        var standing = (await StandingOf(employer)).Standing;

        Assert.Equal(StandingStatus.NotRegistered, standing.Status);
        Assert.False(standing.ClearanceEligible);
        Assert.Equal(UnmetConditionKind.NotRegistered, Assert.Single(standing.UnmetConditions).Kind);
    }

    [Fact]
    public async Task A_cached_not_registered_standing_says_it_came_from_cache_and_its_age()
    {
        await agencies.WaitForLiveCacheAsync();
        var employer = agencies.Population.Employers().Where(e => e.Contributions == ContributionBehaviour.NotRegistered).ElementAt(1);
        var request = new GetStandingRequest { Name = $"employers/{employer.RegistryNumber}/standing" };

        var (fetched, fetchedId) = await AnsweredAsync(_client.GetStandingAsync(request));
        var (cached, cachedId) = await AnsweredAsync(_client.GetStandingAsync(request));

        Assert.Equal(StandingStatus.NotRegistered, cached.Standing.Status);
        Assert.False(fetched.Provenance.FromCache);
        Assert.True(cached.Provenance.FromCache, "the fund's remembered \"not registered\" should be served from the cache");
        Assert.True(cached.Provenance.CacheAge.ToTimeSpan() > TimeSpan.Zero);
        Assert.True(cached.Provenance.FetchTime.ToDateTimeOffset() <= fetched.Provenance.FetchTime.ToDateTimeOffset());
        var rows = await ExchangeLogTesting.WaitForRowsAsync(agencies.HubDatabase, [fetchedId, cachedId]);
        Assert.False(rows[fetchedId].CacheHit);
        Assert.True(rows[cachedId].CacheHit);
    }

    private static async Task<(T Response, Guid ExchangeId)> AnsweredAsync<T>(AsyncUnaryCall<T> call)
    {
        using (call)
        {
            var response = await call.ResponseAsync;
            return (response, Guid.Parse((await call.ResponseHeadersAsync).GetValue(ExchangeContext.ResponseHeader)!));
        }
    }

    [Fact]
    public async Task An_employer_nobody_knows_is_not_found()
    {
        await RpcAssert.FailsWith(StatusCode.NotFound, ErrorReasons.ResourceNotFound, async () =>
            await _client.GetStandingAsync(new GetStandingRequest { Name = "employers/99F9999999/standing" }));
    }

    [Fact]
    public async Task Standing_as_of_a_past_date_is_computed_for_that_date()
    {
        var asOf = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-6);
        var employer = agencies.Employer(e => e is { Lifecycle: EmployerLifecycle.Active, Contributions: ContributionBehaviour.Good }
            && e.RegistrationDate < asOf.AddYears(-3));
        var protoAsOf = new ProtoDate { Year = asOf.Year, Month = asOf.Month, Day = asOf.Day };

        var standing = (await StandingOf(employer, protoAsOf)).Standing;

        Assert.Equal(protoAsOf, standing.AsOf);
        var lastPaid = standing.LastPaidPeriod;
        Assert.True(new DateOnly(lastPaid.Year, lastPaid.Month, 1) < asOf, "nothing paid after the as-of date may count");
    }

    [Fact]
    public async Task A_future_as_of_date_is_invalid()
    {
        var tomorrow = DateTime.UtcNow.AddDays(1);
        var fields = await RpcAssert.FailsWithInvalidFields(async () => await _client.GetStandingAsync(new GetStandingRequest
        {
            Name = $"employers/{agencies.Population.Employer(0).RegistryNumber}/standing",
            AsOf = new ProtoDate { Year = tomorrow.Year, Month = tomorrow.Month, Day = tomorrow.Day },
        }));

        Assert.Equal(["as_of"], fields);
    }

    [Theory]
    [InlineData(2025, 13, 1)]
    [InlineData(2025, 2, 30)]
    [InlineData(2025, 6, 0)]
    [InlineData(0, 6, 1)]
    public async Task An_impossible_as_of_date_is_invalid(int year, int month, int day)
    {
        var fields = await RpcAssert.FailsWithInvalidFields(async () => await _client.GetStandingAsync(new GetStandingRequest
        {
            Name = $"employers/{agencies.Population.Employer(0).RegistryNumber}/standing",
            AsOf = new ProtoDate { Year = year, Month = month, Day = day },
        }));

        Assert.Equal(["as_of"], fields);
    }

    [Theory]
    [InlineData("employers/16B0012345")]
    [InlineData("16B0012345/standing")]
    [InlineData("")]
    public async Task A_malformed_standing_name_is_invalid(string name)
    {
        var fields = await RpcAssert.FailsWithInvalidFields(async () =>
            await _client.GetStandingAsync(new GetStandingRequest { Name = name }));

        Assert.Equal(["name"], fields);
    }
}
