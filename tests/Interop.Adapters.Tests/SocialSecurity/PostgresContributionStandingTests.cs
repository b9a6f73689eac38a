using Interop.Adapters.SocialSecurity;
using Interop.Contributions.V1;
using Interop.Ports;
using Interop.Seeding;
using Npgsql;

namespace Interop.Adapters.Tests.SocialSecurity;

public sealed class PostgresContributionStandingTests(SocialSecurityDatabaseFixture fixture)
    : IClassFixture<SocialSecurityDatabaseFixture>
{
    private static readonly DateOnly AsOf = SocialSecurityDatabaseFixture.ReferenceDate;

    private readonly PostgresContributionStanding _fund = new(fixture.DataSource);

    [Fact]
    public async Task Both_backends_compute_the_same_standing_for_every_employer()
    {
        var inMemory = new InMemoryContributionStanding(fixture.Data);

        foreach (var employer in fixture.Population.Employers())
        {
            var fromDatabase = await _fund.GetStandingAsync(employer.RegistryNumber, AsOf, CancellationToken.None);
            var fromMemory = await inMemory.GetStandingAsync(employer.RegistryNumber, AsOf, CancellationToken.None);

            Assert.Equal(fromMemory?.Record, fromDatabase?.Record);
            Assert.Equal(fromMemory?.SourceUpdateTime, fromDatabase?.SourceUpdateTime);
            Assert.Equal(employer.Contributions == ContributionBehaviour.NotRegistered, fromDatabase is null);
        }
    }

    [Fact]
    public async Task A_good_payer_is_eligible_and_named_by_its_registry_number()
    {
        var employer = fixture.Population.Employers()
            .First(e => e.Contributions == ContributionBehaviour.Good && e.Lifecycle == EmployerLifecycle.Active);

        var found = await _fund.GetStandingAsync(employer.RegistryNumber, AsOf, CancellationToken.None);

        Assert.NotNull(found);
        var standing = found.Value.Record;
        Assert.Equal($"employers/{employer.RegistryNumber}/standing", standing.Name);
        Assert.Equal(employer.SocialSecurityNumber, standing.SocialSecurityNumber);
        Assert.Equal(StandingStatus.Good, standing.Status);
        Assert.True(standing.ClearanceEligible);
        Assert.Equal(new Period { Year = 2026, Month = 4 }, standing.LastDeclaredPeriod);
        Assert.Equal(new Period { Year = 2026, Month = 4 }, standing.LastPaidPeriod);
        Assert.Equal(fixture.Population.InsuredWorkersOf(employer.Index).Count, standing.DeclaredWorkerCount);
        Assert.True(found.Value.SourceUpdateTime < new DateTimeOffset(AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
    }

    [Fact]
    public async Task Every_active_good_payer_is_in_good_standing()
    {
        var employers = fixture.Population.Employers()
            .Where(e => e.Contributions == ContributionBehaviour.Good && e.Lifecycle != EmployerLifecycle.StruckOff)
            .ToList();

        foreach (var employer in employers)
        {
            var standing = (await _fund.GetStandingAsync(employer.RegistryNumber, AsOf, CancellationToken.None))!.Value.Record;

            Assert.Equal(StandingStatus.Good, standing.Status);
            Assert.True(standing.ClearanceEligible, string.Join("; ", standing.UnmetConditions.Select(c => c.Description)));
        }
    }

    [Theory]
    [InlineData(ContributionBehaviour.Arrears, StandingStatus.Arrears, UnmetConditionKind.ContributionsUnpaid)]
    [InlineData(ContributionBehaviour.MissingDeclarations, StandingStatus.Arrears, UnmetConditionKind.DeclarationMissing)]
    [InlineData(ContributionBehaviour.UnpaidPenalties, StandingStatus.Arrears, UnmetConditionKind.PenaltiesUnpaid)]
    public async Task Each_behaviour_shows_its_unmet_condition(
        ContributionBehaviour behaviour, StandingStatus status, UnmetConditionKind kind)
    {
        var employers = ActiveEmployersWithHistory(behaviour);
        Assert.NotEmpty(employers);

        foreach (var employer in employers)
        {
            var standing = (await _fund.GetStandingAsync(employer.RegistryNumber, AsOf, CancellationToken.None))!.Value.Record;

            Assert.Equal(status, standing.Status);
            Assert.False(standing.ClearanceEligible);
            var condition = Assert.Single(standing.UnmetConditions, c => c.Kind == kind);
            Assert.NotEmpty(condition.Periods);
        }
    }

    [Fact]
    public async Task Arrears_name_their_periods_and_amount()
    {
        foreach (var employer in ActiveEmployersWithHistory(ContributionBehaviour.Arrears))
        {
            var standing = (await _fund.GetStandingAsync(employer.RegistryNumber, AsOf, CancellationToken.None))!.Value.Record;

            var unpaid = standing.UnmetConditions.Single(c => c.Kind == UnmetConditionKind.ContributionsUnpaid);
            Assert.Equal(standing.Arrears, unpaid.Amount);
            Assert.True(standing.Arrears.AmountMinor > 0);
            Assert.Equal(standing.UnpaidPeriods, unpaid.Periods);
            Assert.Equal(standing.UnpaidPeriods.OrderBy(p => (p.Year * 12) + p.Month), standing.UnpaidPeriods);
        }
    }

    [Fact]
    public async Task An_honoured_payment_plan_is_eligible()
    {
        var employers = ActiveEmployersWithHistory(ContributionBehaviour.PaymentPlan)
            .Where(e => fixture.Population.Options.ReferenceDate.DayNumber - e.RegistrationDate.DayNumber > 800)
            .ToList();
        Assert.NotEmpty(employers);

        foreach (var employer in employers)
        {
            var standing = (await _fund.GetStandingAsync(employer.RegistryNumber, AsOf, CancellationToken.None))!.Value.Record;

            Assert.Equal(StandingStatus.PaymentPlan, standing.Status);
            Assert.True(standing.ClearanceEligible);
            Assert.Equal(0, standing.Arrears.AmountMinor);
            Assert.NotEmpty(standing.UnpaidPeriods);
        }
    }

    [Fact]
    public async Task A_struck_off_employer_has_a_closed_account()
    {
        var employer = fixture.Population.Employers().First(e =>
            e.Lifecycle == EmployerLifecycle.StruckOff && e.Contributions != ContributionBehaviour.NotRegistered);

        var standing = (await _fund.GetStandingAsync(employer.RegistryNumber, AsOf, CancellationToken.None))!.Value.Record;

        Assert.False(standing.ClearanceEligible);
        Assert.Contains(standing.UnmetConditions, c => c.Kind == UnmetConditionKind.AccountClosed);
    }

    [Fact]
    public async Task Before_affiliation_the_employer_is_not_registered()
    {
        var employer = fixture.Population.Employers().First(e =>
            e.Contributions == ContributionBehaviour.Good && e.Lifecycle == EmployerLifecycle.Active);

        var found = await _fund.GetStandingAsync(employer.RegistryNumber, employer.RegistrationDate.AddDays(-1), CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal(StandingStatus.NotRegistered, found.Value.Record.Status);
        Assert.Equal(UnmetConditionKind.NotRegistered, Assert.Single(found.Value.Record.UnmetConditions).Kind);
    }

    [Fact]
    public async Task A_past_date_ignores_what_happened_since()
    {
        var employer = ActiveEmployersWithHistory(ContributionBehaviour.Arrears)
            .First(e => fixture.Population.Options.ReferenceDate.DayNumber - e.RegistrationDate.DayNumber > 800);
        var pastDate = AsOf.AddMonths(-9);

        var past = (await _fund.GetStandingAsync(employer.RegistryNumber, pastDate, CancellationToken.None))!.Value;
        var now = (await _fund.GetStandingAsync(employer.RegistryNumber, AsOf, CancellationToken.None))!.Value;

        // Arrears are at most the last six months: nine months ago the employer was up to date.
        Assert.Equal(StandingStatus.Good, past.Record.Status);
        // August is filed during September: on 1 September it may not be yet.
        Assert.Contains(past.Record.LastDeclaredPeriod, new List<Period> { new() { Year = 2025, Month = 7 }, new() { Year = 2025, Month = 8 } });
        Assert.Equal(now.SourceUpdateTime, past.SourceUpdateTime);
    }

    [Theory]
    [InlineData("16B9999999")]
    [InlineData("")]
    [InlineData("employers/16B0012345/standing")]
    public async Task Unknown_registry_number_has_no_account(string registryNumber)
    {
        Assert.Null(await _fund.GetStandingAsync(registryNumber, AsOf, CancellationToken.None));
    }

    [Fact]
    public async Task An_unreachable_database_is_reported_as_the_fund_being_unavailable()
    {
        await using var unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=interop;Password=interop;Timeout=2");
        var fund = new PostgresContributionStanding(unreachable);

        var ex = await Assert.ThrowsAsync<AgencyUnavailableException>(
            () => fund.GetStandingAsync("16B0012345", AsOf, CancellationToken.None));

        Assert.Equal(AgencyCodes.SocialSecurityFund, ex.AgencyCode);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public async Task Cancellation_propagates_untouched()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _fund.GetStandingAsync(fixture.Population.Employer(0).RegistryNumber, AsOf, cancelled.Token));
    }

    /// <summary>Active employers with at least eight months of history at the fund.</summary>
    private List<EmployerProfile> ActiveEmployersWithHistory(ContributionBehaviour behaviour) =>
        fixture.Population.Employers()
            .Where(e => e.Contributions == behaviour && e.Lifecycle == EmployerLifecycle.Active)
            .Where(e => fixture.Population.Options.ReferenceDate.DayNumber - e.RegistrationDate.DayNumber > 300)
            .ToList();
}
