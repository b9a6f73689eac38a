using Interop.Adapters.SocialSecurity;
using Interop.Contributions.V1;
using Interop.Seeding;

namespace Interop.Adapters.Tests.SocialSecurity;

public sealed class InMemoryContributionStandingTests
{
    private static readonly Population Population = new(SeedOptions.Sandbox with
    {
        Employers = 300,
        InsuredWorkers = 3000,
        Permits = 300,
        ReferenceDate = new DateOnly(2026, 6, 1),
    });

    private readonly InMemoryContributionStanding _fund = new(SocialSecurityGenerator.Generate(Population));

    [Fact]
    public async Task Computes_the_standing_of_an_affiliated_employer()
    {
        var employer = Population.Employers().First(e => e.Contributions == ContributionBehaviour.Arrears && e.Lifecycle == EmployerLifecycle.Active);

        var found = await _fund.GetStandingAsync(employer.RegistryNumber, Population.Options.ReferenceDate, CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal(employer.SocialSecurityNumber, found.Value.Record.SocialSecurityNumber);
        Assert.Equal(StandingStatus.Arrears, found.Value.Record.Status);
    }

    [Fact]
    public async Task An_employer_that_never_affiliated_has_no_account()
    {
        var employer = Population.Employers().First(e => e.Contributions == ContributionBehaviour.NotRegistered);

        Assert.Null(await _fund.GetStandingAsync(employer.RegistryNumber, Population.Options.ReferenceDate, CancellationToken.None));
        Assert.Null(await _fund.GetStandingAsync("16B9999999", Population.Options.ReferenceDate, CancellationToken.None));
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _fund.GetStandingAsync(Population.Employer(0).RegistryNumber, Population.Options.ReferenceDate, cancelled.Token));
    }
}
