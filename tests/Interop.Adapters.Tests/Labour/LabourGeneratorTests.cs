using System.Text.RegularExpressions;
using Interop.Adapters.Labour;
using Interop.Permits.V1;
using Interop.Seeding;

namespace Interop.Adapters.Tests.Labour;

public sealed partial class LabourGeneratorTests
{
    private static readonly SeedOptions Options = SeedOptions.Sandbox with
    {
        Employers = 2000,
        InsuredWorkers = 20_000,
        Permits = 5000,
        ReferenceDate = new DateOnly(2026, 11, 1),
    };

    private static readonly Population Population = new(Options);

    private static readonly LabourData Data = LabourGenerator.Generate(Population);

    private static readonly List<PermisTravail> Permis = Data.Permis.ToList();

    private static readonly Dictionary<string, EtapePermis[]> EtapesByPermit = Data.Etapes
        .GroupBy(e => e.NumeroPermis)
        .ToDictionary(g => g.Key, g => g.ToArray());

    private static readonly DateTimeOffset ReferenceInstant = new(Options.ReferenceDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    [Fact]
    public void Same_options_give_the_same_rows()
    {
        var again = LabourGenerator.Generate(new Population(Options));

        Assert.Equal(Data.Travailleurs, again.Travailleurs);
        Assert.Equal(Data.Permis, again.Permis);
        Assert.Equal(Data.Etapes, again.Etapes);
    }

    [Fact]
    public void Another_seed_gives_other_rows()
    {
        var other = LabourGenerator.Generate(new Population(Options with { Seed = Options.Seed + 1 }));

        Assert.NotEqual(Data.Permis.Take(50), other.Permis.Take(50));
        Assert.NotEqual(Data.Travailleurs.Take(50), other.Travailleurs.Take(50));
    }

    [Fact]
    public void Generates_exactly_the_requested_permits_with_unique_well_formed_numbers()
    {
        Assert.Equal(Options.Permits, Permis.Count);
        Assert.Equal(Permis.Count, Permis.Select(p => p.NumeroPermis).Distinct().Count());
        Assert.Equal(Permis.Count, Permis.Select(p => p.NumeroSuivi).Distinct().Count());
        Assert.All(Permis, p =>
        {
            Assert.Matches(PermitNumberPattern(), p.NumeroPermis);
            Assert.Equal(p.DateDepot.Year.ToString("D4"), p.NumeroPermis[3..7]);
            Assert.StartsWith(p.DateDepot.ToString("yyyyMMdd"), p.NumeroSuivi);
            Assert.Matches("^[0-9]{4}$", p.CodeProfession);
            Assert.NotEmpty(p.LibelleProfession);
        });
        Assert.Equal(Permis.Count, EtapesByPermit.Count);
    }

    [Fact]
    public void Every_status_occurs_mostly_issued_or_renewed_with_a_fair_share_expired()
    {
        var shares = Permis.GroupBy(p => p.Statut).ToDictionary(g => g.Key, g => (double)g.Count() / Permis.Count);

        Assert.Equal(["AI", "AP", "DL", "DP", "EX", "RJ", "RN", "RT"], shares.Keys.Order());
        Assert.InRange(shares["DL"] + shares["RN"], 0.40, 0.65);
        Assert.True(shares["DL"] + shares["RN"] > shares["EX"]);
        Assert.InRange(shares["EX"], 0.15, 0.40);
        Assert.InRange(shares["RN"], 0.05, 0.25);
        foreach (var fewer in new[] { "DP", "AI", "AP", "RT", "RJ" })
        {
            Assert.InRange(shares[fewer], 0.005, 0.12);
        }
    }

    [Fact]
    public void Stage_histories_follow_the_approval_chain_and_end_in_the_status()
    {
        Assert.All(Permis, p =>
        {
            var etapes = EtapesByPermit[p.NumeroPermis];
            Assert.Equal(Enumerable.Range(1, etapes.Length).Select(i => (short)i), etapes.Select(e => e.NumOrdre));
            Assert.Equal("DEP", etapes[0].CodeEtape);
            Assert.Null(etapes[0].CodeRole);
            Assert.Equal(p.DateDepot, DateOnly.FromDateTime(etapes[0].DateDecision.UtcDateTime));
            for (var i = 1; i < etapes.Length; i++)
            {
                Assert.True(etapes[i].DateDecision > etapes[i - 1].DateDecision, $"{p.NumeroPermis} steps out of order");
            }

            Assert.True(etapes[^1].DateDecision < ReferenceInstant, $"{p.NumeroPermis} has a step after the reference date");
            Assert.Equal(etapes[^1].DateDecision, p.DateMaj);

            // The status is the one the last step left, except the director general's endorsement keeps prior approval.
            Assert.Equal(LabourMapper.ToStatus(p.Statut), LabourMapper.ToStage(etapes[^1].CodeEtape));

            // The chain is climbed in order, each step by its own signatory.
            var chain = etapes.Select(e => e.CodeEtape).TakeWhile(c => c is "DEP" or "AIN" or "APR" or "VDG" or "SIG").ToArray();
            Assert.Equal(new[] { "DEP", "AIN", "APR", "VDG", "SIG" }.Take(chain.Length), chain);
            Assert.All(etapes, e => Assert.Equal(ExpectedRole(e.CodeEtape, e.CodeRole), e.CodeRole));
        });
    }

    [Fact]
    public void Decisions_are_signed_on_working_days_in_office_hours()
    {
        var decisions = Data.Etapes.Where(e => e.CodeRole is not null).ToList();

        Assert.All(decisions, e =>
        {
            Assert.NotEqual(DayOfWeek.Friday, e.DateDecision.DayOfWeek);
            Assert.NotEqual(DayOfWeek.Saturday, e.DateDecision.DayOfWeek);
            Assert.InRange(e.DateDecision.ToOffset(TimeSpan.FromHours(1)).TimeOfDay, TimeSpan.FromHours(8), TimeSpan.FromHours(16.5));
        });
    }

    [Fact]
    public void Validity_is_consistent_with_the_status()
    {
        var reference = Options.ReferenceDate;
        Assert.All(Permis, p =>
        {
            var etapes = EtapesByPermit[p.NumeroPermis];
            if (p.Statut is "DP" or "AI" or "AP" or "RJ")
            {
                Assert.Null(p.DateDebut);
                Assert.Null(p.DateFin);
                return;
            }

            var debut = p.DateDebut!.Value;
            var fin = p.DateFin!.Value;
            var signed = etapes.Single(e => e.CodeEtape == "SIG");
            Assert.Equal(debut, DateOnly.FromDateTime(signed.DateDecision.UtcDateTime));
            Assert.True(debut <= reference);
            var renewed = etapes.Any(e => e.CodeEtape == "REN");
            // One year, or two once renewed; give or take the weekend a signature moved back from.
            var years = renewed ? 2 : 1;
            Assert.InRange(fin, debut.AddYears(years).AddDays(-3), debut.AddYears(years).AddDays(2));
            switch (p.Statut)
            {
                case "DL":
                case "RN":
                    Assert.True(fin >= reference, $"{p.NumeroPermis} is {p.Statut} but ended {fin}");
                    Assert.Equal(p.Statut == "RN", renewed);
                    break;
                case "EX":
                    Assert.True(fin < reference, $"{p.NumeroPermis} expired but ends {fin}");
                    Assert.Equal(fin, DateOnly.FromDateTime(etapes[^1].DateDecision.UtcDateTime));
                    break;
                case "RT":
                    Assert.True(DateOnly.FromDateTime(etapes[^1].DateDecision.UtcDateTime) <= fin);
                    break;
            }
        });
    }

    [Fact]
    public void Most_workers_hold_one_permit_and_the_others_a_history_of_several()
    {
        var byWorker = Permis.GroupBy(p => p.IdTravailleur).ToList();
        var single = (double)byWorker.Count(w => w.Count() == 1) / byWorker.Count;

        Assert.InRange(single, 0.75, 0.85);
        Assert.Contains(byWorker, w => w.Count() >= 3);
        Assert.Contains(byWorker, w => w.Count() > 1 && w.Select(p => p.NumRc).Distinct().Count() == 2);
        Assert.Contains(byWorker, w => w.Count() > 1 && w.Select(p => p.NumRc).Distinct().Count() == 1);
        Assert.All(byWorker.Where(w => w.Count() > 1), w =>
        {
            // Oldest first in the table; all but the newest have ended or are about to be replaced.
            var history = w.OrderBy(p => p.DateDepot).ToList();
            Assert.Equal(history.Count, history.Select(p => p.DateDepot).Distinct().Count());
            Assert.All(history.SkipLast(1), p => Assert.Contains(p.Statut, new[] { "EX", "RT", "DL" }));
        });
    }

    [Fact]
    public void Workers_are_plausible_foreign_nationals_with_unique_documents()
    {
        var travailleurs = Data.Travailleurs.ToList();
        var permisWorkers = Permis.Select(p => p.IdTravailleur).ToHashSet();
        string[] plausible =
            ["CHN", "EGY", "TUR", "SYR", "TUN", "MAR", "PHL", "IND", "BGD", "VNM", "FRA", "ITA", "ESP", "MLI", "NER", "PAK"];

        Assert.Equal(travailleurs.Count, travailleurs.Select(t => t.IdTravailleur).Distinct().Count());
        Assert.True(permisWorkers.SetEquals(travailleurs.Select(t => t.IdTravailleur)));
        Assert.Equal(
            travailleurs.Count,
            travailleurs.Select(t => (t.TypeDocument, t.NumDocument, t.CodeNationalite)).Distinct().Count());
        Assert.All(travailleurs, t =>
        {
            Assert.Matches("^[A-Z0-9]{6,12}$", t.NumDocument);
            Assert.Contains(t.TypeDocument, new[] { "PP", "TR", "LP" });
            Assert.Contains(t.CodeNationalite, plausible);
            Assert.NotEmpty(t.Nom);
            Assert.NotEmpty(t.Prenoms);
        });
        Assert.Equal("CHN", travailleurs.GroupBy(t => t.CodeNationalite).MaxBy(g => g.Count())!.Key);
        Assert.True(travailleurs.Count(t => t.TypeDocument == "PP") > 0.9 * travailleurs.Count);
        Assert.Contains(travailleurs, t => t.TypeDocument == "TR");
        Assert.Contains(travailleurs, t => t.TypeDocument == "LP");

        var firstFiling = Permis.GroupBy(p => p.IdTravailleur).ToDictionary(g => g.Key, g => g.Min(p => p.DateDepot));
        Assert.All(travailleurs, t =>
            Assert.InRange(firstFiling[t.IdTravailleur].Year - t.DateNaissance.Year, 20, 60));
    }

    [Fact]
    public void Employers_come_from_the_population_mostly_active_and_weighted_by_size()
    {
        var employers = Population.Employers().ToDictionary(e => e.RegistryNumber);

        Assert.All(Permis, p => Assert.True(employers.ContainsKey(p.NumRc), $"{p.NumRc} is not in the population"));
        var fitting = Permis.Count(p =>
            employers[p.NumRc].Lifecycle == EmployerLifecycle.Active && employers[p.NumRc].RegistrationDate <= p.DateDepot);
        Assert.True(fitting > 0.97 * Permis.Count, $"only {fitting} permits are with active employers registered at filing");

        var meanHeadcount = employers.Values.Average(e => e.DeclaredHeadcount);
        var meanHeadcountPerPermit = Permis.Average(p => employers[p.NumRc].DeclaredHeadcount);
        Assert.True(meanHeadcountPerPermit > 2 * meanHeadcount);
    }

    [Fact]
    public void Maps_to_protos_with_every_status_and_role()
    {
        var travailleurs = Data.Travailleurs.ToDictionary(t => t.IdTravailleur);

        var permits = Permis.Select(p => LabourMapper.ToPermit(p, travailleurs[p.IdTravailleur], EtapesByPermit[p.NumeroPermis])).ToList();

        Assert.DoesNotContain(permits, p => p.Status == PermitStatus.Unspecified);
        Assert.Equal(8, permits.Select(p => p.Status).Distinct().Count());
        Assert.Equal(5, permits.SelectMany(p => p.Stages).Select(s => s.DecidingRole).Distinct().Count());
    }

    private static string? ExpectedRole(string codeEtape, string? actual) => codeEtape switch
    {
        "DEP" or "EXP" => null,
        "AIN" => "CD",
        "APR" => "CS",
        "VDG" or "REN" => "DG",
        "SIG" or "RET" => "MT",
        // Any level may reject.
        _ => actual,
    };

    [GeneratedRegex("^WP-[0-9]{4}-[0-9]{7}$")]
    private static partial Regex PermitNumberPattern();
}
