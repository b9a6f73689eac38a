using Interop.Adapters.SocialSecurity;

namespace Interop.Seeding;

/// <summary>
/// The Social Security Fund's rows for a synthetic country, streamed one employer at a time. Each table replays
/// the employers' histories on its own (tables load side by side), from per-employer random streams, so every
/// table agrees with the others.
/// </summary>
/// <remarks>
/// The history covers the declarations and payments made during the <see cref="SeedOptions.Months"/> months
/// before the reference date: periods M filed and paid in month M+1, so the last period is the one two months
/// before the reference month, and every period generated is due by the reference date.
/// </remarks>
public static class SocialSecurityGenerator
{
    /// <summary>Contributions: 34.5% of the wage bill (employer and employee shares together).</summary>
    public const int ContributionRatePerThousand = 345;

    /// <summary>The minimum wage (SNMG), in centimes: no declared average wage goes below it.</summary>
    public const long MinimumWageCentimes = 2_400_000;

    public static SocialSecurityData Generate(Population population)
    {
        ArgumentNullException.ThrowIfNull(population);
        return new SocialSecurityData(
            Employeurs: Rows<CompteEmployeur>(population, h => [h.Compte]),
            Declarations: Rows(population, h => h.Declarations),
            Versements: Rows(population, h => h.Versements),
            Majorations: Rows(population, h => h.Majorations),
            Echeanciers: Rows<Echeancier>(population, h => h.Echeancier is { } plan ? [plan] : []),
            Echeances: Rows(population, h => h.Echeances),
            Assures: Assures(population));
    }

    /// <summary>The fund's history of one employer; null when the employer never affiliated.</summary>
    public static EmployerHistory? History(Population population, int employerIndex)
    {
        ArgumentNullException.ThrowIfNull(population);
        var employer = population.Employer(employerIndex);
        return employer.Contributions == ContributionBehaviour.NotRegistered
            ? null
            : new EmployerHistory(population, employer);
    }

    private static IEnumerable<T> Rows<T>(Population population, Func<EmployerHistory, IReadOnlyList<T>> rowsOf)
    {
        for (var i = 0; i < population.EmployerCount; i++)
        {
            if (History(population, i) is not { } history)
            {
                continue;
            }

            foreach (var row in rowsOf(history))
            {
                yield return row;
            }
        }
    }

    private static IEnumerable<Assure> Assures(Population population)
    {
        var reference = population.Options.ReferenceDate;
        for (var i = 0; i < population.EmployerCount; i++)
        {
            var employer = population.Employer(i);
            // Workers of an employer that never affiliated are known to the fund, but no employer declares them.
            var numEmployeur = employer.Contributions == ContributionBehaviour.NotRegistered ? null : employer.SocialSecurityNumber;
            var (start, count) = population.InsuredWorkersOf(i);
            for (var j = start; j < start + count; j++)
            {
                var rng = population.Random("ssf-assure", j);
                var birth = reference.AddDays(-((18 * 365) + rng.Next(44 * 365)));
                var givenName = rng.Next(Names.GivenNames.Length);
                var registered = birth.AddYears(18).AddDays(rng.Next(5 * 365));
                if (registered >= reference)
                {
                    registered = reference.AddDays(-1 - rng.Next(60));
                }

                yield return new Assure(
                    NumAssure: NumAssure(birth.Year, j),
                    Nom: FamilyNamesUpper[rng.Next(FamilyNamesUpper.Length)],
                    Prenom: Names.GivenNames[givenName].Latin,
                    DateNaissance: birth,
                    // The given-name list lists its male names first.
                    Sexe: givenName < FirstFemaleGivenName ? 'M' : 'F',
                    Nationalite: rng.Next(1000) < 970 ? "DZA" : ForeignNationalities[rng.Next(ForeignNationalities.Length)],
                    NumEmployeur: numEmployeur,
                    DateImmatriculation: registered,
                    MajLe: Stamp(registered, rng));
            }
        }
    }

    /// <summary>12 digits: birth year (2), a scattered serial unique per person (8), a mod-97 key (2).</summary>
    private static string NumAssure(int birthYear, int workerIndex)
    {
        var serial = ((workerIndex * 73_939_133L) + 19_088_743L) % 100_000_000L;
        var body = ((birthYear % 100) * 100_000_000L) + serial;
        var key = 97 - (body % 97);
        return string.Create(12, (body, key), static (span, state) =>
        {
            state.body.TryFormat(span[..10], out _, "D10", null);
            state.key.TryFormat(span[10..], out _, "D2", null);
        });
    }

    /// <summary>A time during office hours on that day, UTC.</summary>
    private static DateTime Stamp(DateOnly date, SeedRandom rng) =>
        new((date.DayNumber * TimeSpan.TicksPerDay) + (rng.Next(8 * 3600, 17 * 3600) * TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private static readonly string[] FamilyNamesUpper = Names.FamilyNames.Select(n => n.Latin.ToUpperInvariant()).ToArray();

    private const int FirstFemaleGivenName = 8;

    private static readonly string[] ForeignNationalities = ["CHN", "TUR", "EGY", "SYR", "TUN", "MAR", "PHL", "BGD", "FRA", "ITA"];

    /// <summary>
    /// One employer's account and rows at the fund, following its <see cref="ContributionBehaviour"/> and
    /// lifecycle: struck-off employers have a closed account, suspended ones file nil declarations.
    /// </summary>
    public sealed class EmployerHistory
    {
        private readonly List<DeclarationMensuelle> _declarations = [];
        private readonly List<Versement> _versements = [];
        private readonly List<Majoration> _majorations = [];
        private readonly List<Echeance> _echeances = [];
        private readonly DateOnly _reference;
        private readonly int _idCompte;
        private readonly char _mode;
        private SeedRandom _rng;

        internal EmployerHistory(Population population, EmployerProfile employer)
        {
            _reference = population.Options.ReferenceDate;
            _idCompte = employer.Index + 1;
            _rng = population.Random("ssf-compte", employer.Index);
            var lifecycleChange = employer.LifecycleChangeDate ?? DateOnly.MaxValue;

            // Employers must affiliate within days of starting; a struck-off one was affiliated before it closed.
            var affiliation = employer.RegistrationDate.AddDays(_rng.Next(21));
            if (affiliation > lifecycleChange)
            {
                affiliation = lifecycleChange;
            }

            var referenceMonth = MonthOf(_reference);
            var windowFirst = referenceMonth - population.Options.Months - 1;
            var last = referenceMonth - 2;
            DateOnly? cloture = employer.Lifecycle == EmployerLifecycle.StruckOff ? lifecycleChange : null;
            if (cloture is { } closed)
            {
                last = Math.Min(last, MonthOf(closed));
            }

            // Suspended employers keep filing, but nil declarations (no staff) from the month after suspension.
            var lastActive = employer.Lifecycle == EmployerLifecycle.Suspended ? Math.Min(last, MonthOf(lifecycleChange)) : last;
            var first = Math.Max(MonthOf(affiliation), windowFirst);
            var prelevement = _rng.Next(100) < 20;
            _mode = prelevement ? ModesVersement.PrelevementAutomatique : "CCVVVN"[_rng.Next(6)];

            Compte = new CompteEmployeur(
                IdCompte: _idCompte,
                NumEmployeur: employer.SocialSecurityNumber,
                NumRc: employer.RegistryNumber,
                RaisonSociale: employer.LegalNameLatin,
                CodeWilaya: employer.Region.Code,
                DateAffiliation: affiliation,
                // Accounts older than the history window were taken over from the previous system.
                DateReprise: affiliation < FirstDayOf(windowFirst) ? FirstDayOf(windowFirst) : null,
                DateCloture: cloture,
                PrelevementAutomatique: prelevement,
                MajLe: Stamp(cloture ?? affiliation, _rng));

            var workers = population.InsuredWorkersOf(employer.Index).Count;
            var averageWage = MinimumWageCentimes + (_rng.Next(0, 66) * 100_000L);
            GeneratePeriods(employer.Contributions, first, lastActive, last, workers, averageWage);
        }

        public CompteEmployeur Compte { get; }

        public IReadOnlyList<DeclarationMensuelle> Declarations => _declarations;

        public IReadOnlyList<Versement> Versements => _versements;

        public IReadOnlyList<Majoration> Majorations => _majorations;

        public Echeancier? Echeancier { get; private set; }

        public IReadOnlyList<Echeance> Echeances => _echeances;

        private void GeneratePeriods(ContributionBehaviour behaviour, int first, int lastActive, int last, int workers, long averageWage)
        {
            var activeCount = lastActive - first + 1;
            var unpaidFrom = int.MaxValue;
            var missing = 0UL;
            var late = 0UL;
            var planFirst = int.MaxValue;
            var planLast = int.MinValue;
            switch (behaviour)
            {
                case ContributionBehaviour.Arrears:
                    unpaidFrom = lastActive - _rng.Next(Math.Min(6, Math.Max(activeCount, 1)));
                    break;
                case ContributionBehaviour.MissingDeclarations:
                    // One to three of the last six periods never filed.
                    for (var n = 1 + _rng.Next(3); n > 0; n--)
                    {
                        missing |= 1UL << _rng.Next(Math.Min(6, Math.Max(activeCount, 1)));
                    }

                    break;
                case ContributionBehaviour.PaymentPlan when activeCount >= 16:
                    planFirst = lastActive - _rng.Next(10, 16);
                    planLast = planFirst + _rng.Next(2, 6);
                    break;
                case ContributionBehaviour.PaymentPlan:
                    // Too young for a plan to have been granted: it fell behind recently instead.
                    unpaidFrom = lastActive - _rng.Next(Math.Max(Math.Min(3, activeCount), 1));
                    break;
                case ContributionBehaviour.UnpaidPenalties:
                    for (var n = 1 + _rng.Next(3); n > 0; n--)
                    {
                        // Old enough that the late payment and its notice both precede the reference date.
                        late |= 1UL << (4 + _rng.Next(9));
                    }

                    break;
                case ContributionBehaviour.Good when _rng.Next(10) == 0:
                    // A good payer once late, whose penalty was paid since (before the reference date).
                    late = 1UL << (5 + _rng.Next(12));
                    break;
                default:
                    break;
            }

            var planDebts = new List<(int Period, long Amount)>();
            for (var period = first; period <= last; period++)
            {
                var fromEnd = lastActive - period;
                var filed = FirstDayOf(period + 1).AddDays(_rng.Next(20));
                if (period > lastActive)
                {
                    _declarations.Add(new DeclarationMensuelle(_idCompte, Year(period), Month(period), 0, 0, 0, filed, Stamp(filed, _rng)));
                    continue;
                }

                if (fromEnd < 64 && (missing & (1UL << fromEnd)) != 0)
                {
                    continue;
                }

                // Staff grows slowly towards today's insured workers; wages wobble a little month to month.
                var staff = Math.Max(1, workers - (fromEnd * workers / 240));
                var wageBill = staff * averageWage * (1000 + _rng.Next(-30, 31)) / 1000;
                var due = wageBill * ContributionRatePerThousand / 1000;
                _declarations.Add(new DeclarationMensuelle(_idCompte, Year(period), Month(period), staff, wageBill, due, filed, Stamp(filed, _rng)));

                if (period >= planFirst && period <= planLast)
                {
                    planDebts.Add((period, due));
                    AddPenalty(period, due, paidAfterDays: null);
                }
                else if (period >= unpaidFrom)
                {
                    // The oldest unpaid period sometimes got a part payment.
                    if (period == unpaidFrom && _rng.Next(3) == 0)
                    {
                        var partDate = filed.AddDays(_rng.Next(8));
                        AddVersement(period, 1, due / 2, partDate);
                    }

                    AddPenalty(period, due, paidAfterDays: null);
                }
                else if (fromEnd < 64 && (late & (1UL << fromEnd)) != 0)
                {
                    var paidOn = StandingCalculator.DueDate(Year(period), Month(period)).AddDays(_rng.Next(5, 60));
                    AddVersement(period, 1, due, paidOn);
                    AddPenalty(period, due, paidAfterDays: behaviour == ContributionBehaviour.Good ? _rng.Next(10, 30) : null, notifiedAfter: paidOn);
                }
                else
                {
                    var paidOn = _mode == ModesVersement.PrelevementAutomatique ? FirstDayOf(period + 1).AddDays(19) : filed.AddDays(_rng.Next(8));
                    AddVersement(period, 1, due, paidOn);
                }
            }

            if (planDebts.Count > 0)
            {
                GeneratePlan(planDebts);
            }
        }

        /// <summary>A plan agreed a month or two after the last covered period fell due, honoured ever since.</summary>
        private void GeneratePlan(List<(int Period, long Amount)> debts)
        {
            var (lastPeriod, _) = debts[^1];
            var agreed = StandingCalculator.DueDate(Year(lastPeriod), Month(lastPeriod)).AddDays(_rng.Next(20, 60));
            long total = 0;
            foreach (var (_, amount) in debts)
            {
                total += amount;
            }

            // Long enough that instalments remain after the reference date (agreed at most 14 months before it).
            var count = _rng.Next(16, 25);
            Echeancier = new Echeancier(
                NumEcheancier: _idCompte, IdCompte: _idCompte, DateAccord: agreed,
                AnneeDebut: Year(debts[0].Period), MoisDebut: Month(debts[0].Period),
                AnneeFin: Year(lastPeriod), MoisFin: Month(lastPeriod),
                MontantTotal: total, MajLe: Stamp(agreed, _rng));

            var agreedMonth = MonthOf(agreed);
            var next = 0;
            var remainingOfNext = debts[0].Amount;
            for (var rank = 1; rank <= count; rank++)
            {
                var amount = rank < count ? total / count : total - ((count - 1) * (total / count));
                var dueOn = FirstDayOf(agreedMonth + rank + 1).AddDays(-1);
                DateOnly? paidOn = dueOn.AddDays(-_rng.Next(10));
                if (paidOn >= _reference)
                {
                    paidOn = null;
                }

                _echeances.Add(new Echeance(_idCompte, (short)rank, dueOn, amount, paidOn, Stamp(paidOn ?? agreed, _rng)));
                if (paidOn is not { } paid)
                {
                    continue;
                }

                // Each instalment paid is credited to the covered periods, oldest first.
                while (amount > 0 && next < debts.Count)
                {
                    var credited = Math.Min(amount, remainingOfNext);
                    var period = debts[next].Period;
                    AddVersement(period, (short)(1 + _versements.Count(v => v.Annee == Year(period) && v.Mois == Month(period))), credited, paid);
                    amount -= credited;
                    remainingOfNext -= credited;
                    if (remainingOfNext == 0 && ++next < debts.Count)
                    {
                        remainingOfNext = debts[next].Amount;
                    }
                }
            }
        }

        private void AddVersement(int period, short numOrdre, long amount, DateOnly paidOn)
        {
            if (paidOn >= _reference)
            {
                return;
            }

            _versements.Add(new Versement(_idCompte, Year(period), Month(period), numOrdre, amount, paidOn, _mode, Stamp(paidOn, _rng)));
        }

        /// <summary>Late-payment penalty of 10% of the period's contributions, notified once the lateness is known.</summary>
        private void AddPenalty(int period, long due, int? paidAfterDays, DateOnly? notifiedAfter = null)
        {
            var notified = (notifiedAfter ?? StandingCalculator.DueDate(Year(period), Month(period))).AddDays(_rng.Next(10, 30));
            if (notified >= _reference)
            {
                return;
            }

            DateOnly? paid = paidAfterDays is { } days ? notified.AddDays(days) : null;
            if (paid >= _reference)
            {
                paid = null;
            }

            _majorations.Add(new Majoration(_idCompte, Year(period), Month(period), due / 10, notified, paid, Stamp(paid ?? notified, _rng)));
        }

        private static short Year(int period) => (short)(period / 12);

        private static short Month(int period) => (short)((period % 12) + 1);
    }

    private static int MonthOf(DateOnly date) => (date.Year * 12) + date.Month - 1;

    private static DateOnly FirstDayOf(int period) => new(period / 12, (period % 12) + 1, 1);
}
