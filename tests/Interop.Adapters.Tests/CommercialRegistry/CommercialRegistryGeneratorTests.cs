using System.Globalization;
using Interop.Adapters.CommercialRegistry;
using Interop.Seeding;

namespace Interop.Adapters.Tests.CommercialRegistry;

public sealed class CommercialRegistryGeneratorTests
{
    private static readonly SeedOptions _small = SeedOptions.Sandbox with
    {
        Employers = 5000,
        InsuredWorkers = 20_000,
        Permits = 800,
        ReferenceDate = new DateOnly(2026, 1, 1),
    };

    private static readonly List<RcEntreprise> _entreprises =
        CommercialRegistryGenerator.Generate(new Population(_small)).Entreprises.ToList();

    [Fact]
    public void Same_options_give_the_same_rows()
    {
        var again = CommercialRegistryGenerator.Generate(new Population(_small));

        Assert.Equal(_entreprises, again.Entreprises);
    }

    [Fact]
    public void Another_seed_gives_other_rows()
    {
        var other = CommercialRegistryGenerator.Generate(new Population(_small with { Seed = _small.Seed + 1 }));

        var differing = _entreprises.Zip(other.Entreprises).Count(pair => pair.First != pair.Second);
        Assert.True(differing > _entreprises.Count * 9 / 10, $"only {differing} rows differ");
    }

    [Fact]
    public void One_row_per_employer_carrying_its_profile()
    {
        var population = new Population(_small);

        Assert.Equal(_small.Employers, _entreprises.Count);
        foreach (var index in new[] { 0, 1, 1234, _small.Employers - 1 })
        {
            var profile = population.Employer(index);
            var row = _entreprises[index];
            Assert.Equal(profile.RegistryNumber, row.NumRc);
            Assert.Equal(profile.TaxId, row.Nif);
            Assert.Equal(profile.LegalNameLatin, row.RaisonSociale);
            Assert.Equal(profile.LegalNameAr, row.RaisonSocialeAr);
            Assert.Equal(profile.RegistrationDate, row.DateImmatriculation);
            Assert.Equal(profile.ActivityCode, row.CodeActivite);
            Assert.Equal(profile.Region.Code, row.CodeWilaya.ToString("D2", CultureInfo.InvariantCulture));
            Assert.Equal(profile.DeclaredHeadcount, row.EffectifDeclare);
            Assert.Equal(profile.RegistryUpdatedAt, row.DateMaj);
        }
    }

    [Fact]
    public void Wilaya_table_holds_the_48_wilayas_once_each()
    {
        var wilayas = CommercialRegistryGenerator.Generate(new Population(_small)).Wilayas.ToList();

        Assert.Equal(Enumerable.Range(1, 48).Select(code => (short)code), wilayas.Select(w => w.CodeWilaya));
        Assert.Contains(new RcWilaya(16, "Alger", "الجزائر"), wilayas);
        Assert.All(wilayas, w => Assert.False(string.IsNullOrWhiteSpace(w.LibelleWilayaAr)));
        var used = _entreprises.Select(e => e.CodeWilaya).ToHashSet();
        Assert.Subset(wilayas.Select(w => w.CodeWilaya).ToHashSet(), used);
    }

    [Fact]
    public void Identifiers_are_unique_and_well_formed()
    {
        Assert.Equal(_entreprises.Count, _entreprises.Select(e => e.NumRc).Distinct().Count());
        Assert.Equal(_entreprises.Count, _entreprises.Select(e => e.Nif).Distinct().Count());
        Assert.All(_entreprises, e =>
        {
            Assert.Matches("^[0-9]{2}[A-F][0-9]{7}$", e.NumRc);
            Assert.StartsWith(e.CodeWilaya.ToString("D2", CultureInfo.InvariantCulture), e.NumRc, StringComparison.Ordinal);
            Assert.Matches("^[0-9]{15}$", e.Nif);
            if (e.NumEmployeurCnas is { } cnas)
            {
                Assert.Matches("^[0-9]{10}$", cnas);
                Assert.Equal(Population.WithLuhnDigit(cnas[..9]), cnas);
            }
        });
    }

    [Fact]
    public void Registration_states_follow_a_plausible_mix()
    {
        double Share(char etat) => _entreprises.Count(e => e.Etat == etat) / (double)_entreprises.Count;

        Assert.InRange(Share(EtatsEntreprise.Active), 0.84, 0.92);
        Assert.InRange(Share(EtatsEntreprise.Suspendue), 0.02, 0.06);
        Assert.InRange(Share(EtatsEntreprise.Radiee), 0.05, 0.11);
    }

    [Fact]
    public void State_dates_match_the_state_and_nothing_is_dated_after_the_reference_date()
    {
        var reference = _small.ReferenceDate;
        Assert.All(_entreprises, e =>
        {
            Assert.Equal(e.Etat == EtatsEntreprise.Suspendue, e.DateSuspension.HasValue);
            Assert.Equal(e.Etat == EtatsEntreprise.Radiee, e.DateRadiation.HasValue);
            Assert.True(e.DateImmatriculation < reference);
            var stateDate = e.DateSuspension ?? e.DateRadiation;
            if (stateDate is { } changed)
            {
                Assert.InRange(changed, e.DateImmatriculation, reference);
            }

            Assert.True(DateOnly.FromDateTime(e.DateMaj.UtcDateTime) >= e.DateImmatriculation);
            Assert.True(DateOnly.FromDateTime(e.DateMaj.UtcDateTime) < reference);
            Assert.Equal(TimeSpan.Zero, e.DateMaj.Offset);
        });
    }

    [Fact]
    public void Legal_forms_wilayas_and_activities_are_realistically_spread()
    {
        var forms = _entreprises.CountBy(e => e.FormeJuridique).ToDictionary();
        Assert.Equal(new[] { "EI", "EPIC", "EURL", "SARL", "SNC", "SPA" }, forms.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("SARL", forms.MaxBy(f => f.Value).Key);

        var wilayas = _entreprises.CountBy(e => e.CodeWilaya).OrderByDescending(w => w.Value).ToList();
        Assert.Equal(16, wilayas[0].Key);
        Assert.True(wilayas.Count > 40);

        var activities = _entreprises.Select(e => e.CodeActivite).ToHashSet();
        Assert.Superset(new HashSet<string> { "4711", "4100", "5610" }, activities);
        Assert.All(activities, code => Assert.Matches("^[0-9]{4}$", code));
    }

    [Fact]
    public void A_few_employers_have_no_fund_number_yet()
    {
        var withoutFundNumber = _entreprises.Count(e => e.NumEmployeurCnas is null) / (double)_entreprises.Count;

        Assert.InRange(withoutFundNumber, 0.01, 0.05);
    }

    [Fact]
    public void Headcounts_are_mostly_small_with_a_few_large_employers()
    {
        var headcounts = _entreprises.Select(e => e.EffectifDeclare).ToList();

        Assert.All(headcounts, h => Assert.True(h >= 1));
        Assert.InRange(headcounts.Count(h => h <= 5) / (double)headcounts.Count, 0.55, 0.70);
        Assert.Contains(headcounts, h => h > 500);
    }

    [Fact]
    public void Rows_are_generated_on_demand()
    {
        var national = CommercialRegistryGenerator.Generate(new Population(SeedOptions.National));

        var firstRows = national.Entreprises.Take(3).ToList();

        Assert.Equal(3, firstRows.Count);
        Assert.IsNotAssignableFrom<System.Collections.ICollection>(national.Entreprises);
    }
}
