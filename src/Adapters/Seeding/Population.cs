namespace Interop.Seeding;

/// <summary>
/// The synthetic country: employers and the insured workers they employ, derived from
/// <see cref="SeedOptions"/> alone. Every entity is computed on demand from its own random stream,
/// so generators can stream millions of rows without holding them.
/// </summary>
public sealed class Population
{
    private readonly int[] _insuredBoundaries;

    public Population(SeedOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Employers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InsuredWorkers, options.Employers);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Months, 1);
        if (options.ReferenceDate.Day != 1)
        {
            throw new ArgumentException("The reference date must be the first day of a month.", nameof(options));
        }

        Options = options;
        _insuredBoundaries = AllocateInsuredWorkers(options);
    }

    public SeedOptions Options { get; }

    public int EmployerCount => Options.Employers;

    /// <summary>A random stream for one entity of one kind, e.g. ("declarations", employerIndex).</summary>
    public SeedRandom Random(string stream, long index) => new(Options.Seed, stream, index);

    public IEnumerable<EmployerProfile> Employers()
    {
        for (var i = 0; i < Options.Employers; i++)
        {
            yield return Employer(i);
        }
    }

    public EmployerProfile Employer(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Options.Employers);

        var rng = Random("employer", index);
        var region = Names.Regions[rng.PickWeighted(Names.RegionCumulativeWeights)];
        var legalForm = (EmployerLegalForm)rng.PickWeighted(_legalFormCumulativeWeights);
        var lifecycle = rng.Next(100) switch
        {
            < 88 => EmployerLifecycle.Active,
            < 92 => EmployerLifecycle.Suspended,
            _ => EmployerLifecycle.StruckOff,
        };

        var reference = Options.ReferenceDate;
        // Skewed towards recent registrations: most of the economy is young small firms.
        var ageDays = (int)(Math.Pow(rng.NextDouble(), 2.2) * 35 * 365) + 30;
        var registrationDate = reference.AddDays(-ageDays);
        DateOnly? lifecycleChange = lifecycle == EmployerLifecycle.Active
            ? null
            : reference.AddDays(-rng.Next(1, Math.Min(ageDays, 3 * 365)));

        var surname = rng.Next(Names.FamilyNames.Length);
        var activity = rng.PickWeighted(Names.ActivityCumulativeWeights);
        var (formLatin, formAr) = _legalFormLabels[(int)legalForm];
        var (activityLatin, activityAr) = (Names.Activities[activity].Latin, Names.Activities[activity].Arabic);
        var (familyLatin, familyAr) = Names.FamilyNames[surname];
        var legalNameLatin = legalForm == EmployerLegalForm.SoleProprietor
            ? $"{familyLatin} {Names.GivenNames[rng.Next(Names.GivenNames.Length)].Latin} - {activityLatin}"
            : $"{formLatin} {familyLatin} {activityLatin}";
        var legalNameAr = legalForm == EmployerLegalForm.SoleProprietor
            ? $"{familyAr} - {activityAr}"
            : $"{formAr} {familyAr} {ForPurpose(activityAr)}";

        var contributions = lifecycle == EmployerLifecycle.StruckOff && rng.Chance(0.5)
            ? ContributionBehaviour.Arrears
            : rng.Next(1000) switch
            {
                < 780 => ContributionBehaviour.Good,
                < 880 => ContributionBehaviour.Arrears,
                < 930 => ContributionBehaviour.MissingDeclarations,
                < 960 => ContributionBehaviour.PaymentPlan,
                < 975 => ContributionBehaviour.UnpaidPenalties,
                _ => ContributionBehaviour.NotRegistered,
            };

        var updatedAt = new DateTimeOffset(
            (lifecycleChange ?? registrationDate.AddDays(rng.Next(Math.Max(1, ageDays - 1)))).ToDateTime(TimeOnly.MinValue),
            TimeSpan.Zero).AddSeconds(rng.Next(8 * 3600, 17 * 3600));

        return new EmployerProfile(
            Index: index,
            RegistryNumber: $"{region.Code}{_legalFormLetters[(int)legalForm]}{Permute(index, 7_654_321, 1_234_567, 10_000_000):D7}",
            SocialSecurityNumber: WithLuhnDigit($"{Permute(index, 314_159_261, 271_828_183, 1_000_000_000):D9}"),
            TaxId: $"{(registrationDate.Year % 100):D2}{region.Code}{Permute(index, 982_451_653, 57_885_161, 100_000_000_000):D11}",
            LegalNameAr: legalNameAr,
            LegalNameLatin: legalNameLatin.ToUpperInvariant(),
            LegalForm: legalForm,
            Lifecycle: lifecycle,
            RegistrationDate: registrationDate,
            LifecycleChangeDate: lifecycleChange,
            ActivityCode: Names.Activities[activity].Code,
            Region: region,
            DeclaredHeadcount: Headcount(index),
            Contributions: contributions,
            RegistryUpdatedAt: updatedAt);
    }

    /// <summary>The insured workers of one employer: indexes [Start, Start + Count).</summary>
    public (int Start, int Count) InsuredWorkersOf(int employerIndex)
    {
        var start = employerIndex == 0 ? 0 : _insuredBoundaries[employerIndex - 1];
        return (start, _insuredBoundaries[employerIndex] - start);
    }

    /// <summary>The employer of insured worker <paramref name="workerIndex"/>; larger employers have more workers.</summary>
    public int EmployerOfInsuredWorker(int workerIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workerIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(workerIndex, Options.InsuredWorkers);
        var found = Array.BinarySearch(_insuredBoundaries, workerIndex + 1);
        // Boundaries strictly increase (every employer has at least one insured worker).
        return found >= 0 ? found : ~found;
    }

    /// <summary>The headcount an employer declared at the registry; drawn alone so allocation needs no full profiles.</summary>
    public int Headcount(int employerIndex)
    {
        var rng = Random("headcount", employerIndex);
        return rng.Next(1000) switch
        {
            < 620 => rng.Next(1, 6),
            < 870 => rng.Next(6, 21),
            < 960 => rng.Next(21, 101),
            < 995 => rng.Next(101, 501),
            _ => rng.Next(501, 3001),
        };
    }

    private int[] AllocateInsuredWorkers(SeedOptions options)
    {
        var headcounts = new long[options.Employers];
        long total = 0;
        for (var i = 0; i < headcounts.Length; i++)
        {
            headcounts[i] = Headcount(i);
            total += headcounts[i];
        }

        // Cumulative boundaries scaled so the last one is exactly the requested number of workers,
        // and every employer keeps at least one insured worker.
        var boundaries = new int[options.Employers];
        long running = 0;
        var extra = options.InsuredWorkers - options.Employers;
        for (var i = 0; i < boundaries.Length; i++)
        {
            running += headcounts[i];
            boundaries[i] = (int)(i + 1 + (extra * running / total));
        }

        return boundaries;
    }

    /// <summary>Arabic "for ...": the preposition li- merges with the article al- into lil-.</summary>
    private static string ForPurpose(string activityAr) =>
        activityAr.StartsWith("ال", StringComparison.Ordinal) ? "لل" + activityAr[2..] : "ل" + activityAr;

    /// <summary>A bijection on [0, modulus) (multiplier coprime with modulus): unique, scattered numbers.</summary>
    private static long Permute(long index, long multiplier, long offset, long modulus) =>
        ((index * multiplier) + offset) % modulus;

    public static string WithLuhnDigit(string digits)
    {
        var sum = 0;
        var doubleIt = true;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return digits + (char)('0' + ((10 - (sum % 10)) % 10));
    }

    private static readonly int[] _legalFormCumulativeWeights = [25, 65, 85, 93, 98, 100];

    private static readonly char[] _legalFormLetters = ['A', 'B', 'C', 'D', 'E', 'F'];

    private static readonly (string Latin, string Arabic)[] _legalFormLabels =
    [
        ("EI", "مؤسسة فردية"),
        ("SARL", "شركة ذات مسؤولية محدودة"),
        ("EURL", "مؤسسة ذات الشخص الوحيد"),
        ("SPA", "شركة مساهمة"),
        ("SNC", "شركة تضامن"),
        ("EPIC", "مؤسسة عمومية"),
    ];
}
