using Interop.Adapters.SocialSecurity;
using Interop.Seeding;

namespace Interop.Adapters.Tests.SocialSecurity;

public sealed class SocialSecurityGeneratorTests
{
    private static readonly SeedOptions Options = SeedOptions.Sandbox with
    {
        Employers = 600,
        InsuredWorkers = 6000,
        Permits = 600,
        ReferenceDate = new DateOnly(2026, 6, 1),
    };

    private static readonly Population Population = new(Options);

    private static readonly SocialSecurityData Data = SocialSecurityGenerator.Generate(Population);

    [Fact]
    public void Same_options_give_the_same_rows()
    {
        var again = SocialSecurityGenerator.Generate(new Population(Options));

        Assert.Equal(Data.Employeurs, again.Employeurs);
        Assert.Equal(Data.Declarations, again.Declarations);
        Assert.Equal(Data.Versements, again.Versements);
        Assert.Equal(Data.Majorations, again.Majorations);
        Assert.Equal(Data.Echeanciers, again.Echeanciers);
        Assert.Equal(Data.Echeances, again.Echeances);
        Assert.Equal(Data.Assures, again.Assures);
    }

    [Fact]
    public void Another_seed_gives_other_rows()
    {
        var other = SocialSecurityGenerator.Generate(new Population(Options with { Seed = Options.Seed + 1 }));

        Assert.NotEqual(Data.Declarations.Take(100), other.Declarations.Take(100));
        Assert.NotEqual(Data.Assures.Take(100), other.Assures.Take(100));
    }

    [Fact]
    public void Every_affiliated_employer_has_one_account_under_its_numbers()
    {
        var comptes = Data.Employeurs.ToList();
        var affiliated = Population.Employers().Where(e => e.Contributions != ContributionBehaviour.NotRegistered).ToList();

        Assert.Equal(affiliated.Select(e => e.RegistryNumber), comptes.Select(c => c.NumRc));
        Assert.Equal(affiliated.Select(e => e.SocialSecurityNumber), comptes.Select(c => c.NumEmployeur));
        Assert.Equal(comptes.Count, comptes.Select(c => c.IdCompte).Distinct().Count());
        Assert.All(comptes, c => Assert.True(c.DateAffiliation < Options.ReferenceDate));
        Assert.Equal(
            affiliated.Where(e => e.Lifecycle == EmployerLifecycle.StruckOff).Select(e => e.RegistryNumber),
            comptes.Where(c => c.DateCloture is not null).Select(c => c.NumRc));
        Assert.InRange(comptes.Count(c => c.PrelevementAutomatique), comptes.Count / 10, comptes.Count * 3 / 10);
    }

    [Fact]
    public void Nothing_is_dated_on_or_after_the_reference_date()
    {
        var reference = Options.ReferenceDate;

        Assert.All(Data.Declarations, d => Assert.True(d.DateDepot < reference));
        Assert.All(Data.Versements, v => Assert.True(v.DateVersement < reference));
        Assert.All(Data.Majorations, m => Assert.True(m.DateNotification < reference && (m.DatePaiement ?? DateOnly.MinValue) < reference));
        Assert.All(Data.Echeances, e => Assert.True((e.DatePaiement ?? DateOnly.MinValue) < reference));
        var referenceTime = reference.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        Assert.All(Data.Declarations, d => Assert.True(d.MajLe < referenceTime && d.MajLe.Kind == DateTimeKind.Utc));
    }

    [Fact]
    public void Declarations_cover_the_months_before_the_reference_date()
    {
        var periods = Data.Declarations.Select(d => (d.Annee * 12) + d.Mois - 1).ToList();
        var referenceMonth = (2026 * 12) + 5;

        // Filed during the month after the period: the last period is April for a June reference date.
        Assert.Equal(referenceMonth - 2, periods.Max());
        Assert.Equal(referenceMonth - Options.Months - 1, periods.Min());
        Assert.Equal(periods.Count, Data.Declarations.Select(d => (d.IdCompte, d.Annee, d.Mois)).Distinct().Count());
    }

    [Fact]
    public void Wage_bills_follow_the_insured_workers_and_contributions_are_34_5_percent()
    {
        var comptes = Data.Employeurs.ToDictionary(c => c.IdCompte);
        var latest = Data.Declarations.GroupBy(d => d.IdCompte).Select(g => g.MaxBy(d => (d.Annee * 12) + d.Mois)).ToList();

        foreach (var declaration in Data.Declarations)
        {
            Assert.Equal(declaration.MasseSalariale * 345 / 1000, declaration.CotisationDue);
            if (declaration.NbSalaries > 0)
            {
                var averageWage = declaration.MasseSalariale / declaration.NbSalaries;
                Assert.InRange(averageWage, SocialSecurityGenerator.MinimumWageCentimes * 97 / 100, 9_000_000 * 103 / 100);
            }
        }

        var employerOf = Population.Employers().ToDictionary(e => e.RegistryNumber);
        foreach (var declaration in latest)
        {
            var employer = employerOf[comptes[declaration.IdCompte].NumRc];
            if (employer.Lifecycle == EmployerLifecycle.Active)
            {
                Assert.Equal(Population.InsuredWorkersOf(employer.Index).Count, declaration.NbSalaries);
            }
        }
    }

    [Fact]
    public void Behaviours_leave_their_traces_in_the_rows()
    {
        var histories = Enumerable.Range(0, Population.EmployerCount)
            .Select(i => (Employer: Population.Employer(i), History: SocialSecurityGenerator.History(Population, i)))
            .Where(h => h.History is not null && h.Employer.Lifecycle == EmployerLifecycle.Active && h.History.Declarations.Count >= 16)
            .ToList();

        foreach (var (employer, history) in histories)
        {
            var unpaidPenalties = history!.Majorations.Count(m => m.DatePaiement is null);
            switch (employer.Contributions)
            {
                case ContributionBehaviour.Good:
                    Assert.Equal(0, unpaidPenalties);
                    Assert.Null(history.Echeancier);
                    break;
                case ContributionBehaviour.UnpaidPenalties:
                    Assert.InRange(unpaidPenalties, 1, 3);
                    break;
                case ContributionBehaviour.PaymentPlan:
                    var plan = Assert.NotNull(history.Echeancier);
                    Assert.Equal(plan.MontantTotal, history.Echeances.Sum(e => e.Montant));
                    Assert.Contains(history.Echeances, e => e.DatePaiement is null);
                    Assert.Contains(history.Echeances, e => e.DatePaiement is not null);
                    break;
                case ContributionBehaviour.MissingDeclarations when history.Compte.DateReprise is not null:
                    // Accounts older than the window would have one declaration a month.
                    Assert.InRange(Options.Months - history.Declarations.Count, 1, 3);
                    break;
                default:
                    break;
            }
        }

        Assert.Contains(histories, h => h.Employer.Contributions == ContributionBehaviour.PaymentPlan);
        Assert.Contains(histories, h => h.Employer.Contributions == ContributionBehaviour.UnpaidPenalties);
    }

    [Fact]
    public void Insured_persons_are_the_population_s_workers_with_their_employer()
    {
        var assures = Data.Assures.ToList();

        Assert.Equal(Options.InsuredWorkers, assures.Count);
        Assert.Equal(assures.Count, assures.Select(a => a.NumAssure).Distinct().Count());
        Assert.All(assures, a => Assert.Matches("^[0-9]{12}$", a.NumAssure));
        Assert.InRange(assures.Count(a => a.Nationalite == "DZA"), assures.Count * 94 / 100, assures.Count * 99 / 100);
        Assert.InRange(assures.Count(a => a.Sexe == 'F'), assures.Count / 3, assures.Count * 2 / 3);
        for (var j = 0; j < assures.Count; j += 97)
        {
            var employer = Population.Employer(Population.EmployerOfInsuredWorker(j));
            var expected = employer.Contributions == ContributionBehaviour.NotRegistered ? null : employer.SocialSecurityNumber;
            Assert.Equal(expected, assures[j].NumEmployeur);
            Assert.InRange(Options.ReferenceDate.Year - assures[j].DateNaissance.Year, 18, 63);
        }
    }
}
