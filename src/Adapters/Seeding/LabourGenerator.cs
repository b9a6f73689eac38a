using Interop.Adapters.Labour;

namespace Interop.Seeding;

/// <summary>
/// The Ministry of Labour's register generated from the population: foreign workers, their work permits
/// and every step of each application. Workers are generated one after another from their own random
/// stream until the population's permit count is reached; each table streams from the same sequence.
/// </summary>
public static class LabourGenerator
{
    // Algeria is UTC+1 all year: office hours 08:00-16:30 local, online filing 07:00-23:00 local.
    private const int OfficeOpensUtcMinute = 7 * 60;
    private const int OfficeClosesUtcMinute = (15 * 60) + 30;
    private const int FilingOpensUtcMinute = 6 * 60;
    private const int FilingClosesUtcMinute = 22 * 60;
    // Expiry takes effect at local midnight after the last day of validity.
    private const int ExpiryUtcMinute = 23 * 60;
    // How many employers to draw before accepting one that is not active or registered too late.
    private const int EmployerDraws = 8;

    public static LabourData Generate(Population population)
    {
        ArgumentNullException.ThrowIfNull(population);
        return new LabourData(Travailleurs(population), Permis(population), Etapes(population));
    }

    private static IEnumerable<TravailleurEtranger> Travailleurs(Population population)
    {
        foreach (var dossier in Dossiers(population))
        {
            yield return dossier.Travailleur;
        }
    }

    private static IEnumerable<PermisTravail> Permis(Population population)
    {
        foreach (var dossier in Dossiers(population))
        {
            foreach (var permis in dossier.Permis)
            {
                yield return permis;
            }
        }
    }

    private static IEnumerable<EtapePermis> Etapes(Population population)
    {
        foreach (var dossier in Dossiers(population))
        {
            foreach (var etape in dossier.Etapes)
            {
                yield return etape;
            }
        }
    }

    /// <summary>One worker with all his permits (oldest first) and their steps.</summary>
    private sealed record Dossier(TravailleurEtranger Travailleur, List<PermisTravail> Permis, List<EtapePermis> Etapes);

    private static IEnumerable<Dossier> Dossiers(Population population)
    {
        var remaining = population.Options.Permits;
        var permitIndex = 0;
        for (var worker = 0; remaining > 0; worker++)
        {
            var dossier = GenerateDossier(population, worker, permitIndex, remaining);
            permitIndex += dossier.Permis.Count;
            remaining -= dossier.Permis.Count;
            yield return dossier;
        }
    }

    /// <summary>The dates and steps of one permit, before employer and numbers are known.</summary>
    private sealed class Plan
    {
        public string Statut = CodeStatut.Deposee;
        public DateOnly Depot;
        public DateOnly? Debut;
        public DateOnly? Fin;
        public readonly List<(string Code, string? Role, DateTimeOffset At)> Steps = new(8);
        public int EmployerSlot;
    }

    private static Dossier GenerateDossier(Population population, int worker, int firstPermitIndex, int remaining)
    {
        var rng = population.Random("mol-worker", worker);
        var reference = population.Options.ReferenceDate;

        // About 80% of foreign workers hold one permit; the others renewed with new permits or changed employer.
        var permitCount = Math.Min(remaining, rng.Next(100) switch
        {
            < 80 => 1,
            < 92 => 2,
            < 97 => 3,
            _ => 4,
        });
        var changedEmployer = permitCount > 1 && rng.Chance(0.35);

        // Plans from the newest application back to the oldest; each older one is placed relative to its successor.
        var plans = new Plan[permitCount];
        plans[0] = PlanLatest(ref rng, reference);
        for (var i = 1; i < permitCount; i++)
        {
            plans[i] = changedEmployer && i == 1
                ? PlanBeforeEmployerChange(ref rng, plans[i - 1])
                : PlanBeforeRenewal(ref rng, reference, plans[i - 1]);
            plans[i].EmployerSlot = changedEmployer ? 1 : 0;
        }

        // Each employer must have existed, and preferably still be active, when its first application was filed.
        var employers = new EmployerProfile[changedEmployer ? 2 : 1];
        for (var slot = 0; slot < employers.Length; slot++)
        {
            var firstFiling = reference;
            foreach (var plan in plans)
            {
                if (plan.EmployerSlot == slot && plan.Depot < firstFiling)
                {
                    firstFiling = plan.Depot;
                }
            }

            employers[slot] = DrawEmployer(population, ref rng, firstFiling);
        }

        var (code, libelle) = DrawOccupation(ref rng, employers[0].ActivityCode);
        var nationality = Nationalities[rng.PickWeighted(NationalityCumulativeWeights)];
        var typeDocument = rng.Next(1000) < nationality.OtherDocumentPerMille
            ? nationality.OtherDocument
            : TypeDocument.Passeport;
        var documentPrefix = typeDocument switch
        {
            TypeDocument.TitreVoyageRefugie => "RT",
            TypeDocument.LaissezPasser => "LP",
            _ => nationality.PassportPrefix,
        };
        var age = rng.Next(22, 58);
        var oldest = plans[^1];
        var travailleur = new TravailleurEtranger(
            IdTravailleur: worker + 1,
            TypeDocument: typeDocument,
            NumDocument: $"{documentPrefix}{Permute(worker, 73_939_133, 4_567_891, 100_000_000):D8}",
            CodeNationalite: nationality.Code,
            Nom: rng.Pick(nationality.Surnames),
            Prenoms: rng.Pick(nationality.GivenNames),
            DateNaissance: oldest.Depot.AddYears(-age).AddDays(-rng.Next(365)),
            // The worker was registered with his first application and has not changed since.
            DateMaj: oldest.Steps[0].At);

        var permis = new List<PermisTravail>(permitCount);
        var etapes = new List<EtapePermis>(permitCount * 7);
        for (var i = permitCount - 1; i >= 0; i--)
        {
            var plan = plans[i];
            var permitIndex = firstPermitIndex + (permitCount - 1 - i);
            var numero = $"WP-{plan.Depot.Year:D4}-{Permute(permitIndex, 7_368_787, 2_750_159, 10_000_000):D7}";
            permis.Add(new PermisTravail(
                NumeroPermis: numero,
                NumeroSuivi: $"{plan.Depot:yyyyMMdd}-{Permute(permitIndex, 48_271_723, 19_391_029, 100_000_000):D8}",
                IdTravailleur: travailleur.IdTravailleur,
                NumRc: employers[plan.EmployerSlot].RegistryNumber,
                CodeProfession: code,
                LibelleProfession: libelle,
                Statut: plan.Statut,
                DateDepot: plan.Depot,
                DateDebut: plan.Debut,
                DateFin: plan.Fin,
                DateMaj: plan.Steps[^1].At));
            for (var s = 0; s < plan.Steps.Count; s++)
            {
                var (etape, role, at) = plan.Steps[s];
                etapes.Add(new EtapePermis(numero, (short)(s + 1), etape, role, at));
            }
        }

        return new Dossier(travailleur, permis, etapes);
    }

    /// <summary>The worker's newest application, in any state.</summary>
    private static Plan PlanLatest(ref SeedRandom rng, DateOnly reference)
    {
        var plan = new Plan();
        var roll = rng.Next(1000);
        if (roll < 30)
        {
            File(ref rng, plan, reference.AddDays(-rng.Next(1, 21)));
        }
        else if (roll < 60)
        {
            var initial = WorkingDay(reference.AddDays(-rng.Next(1, 25)));
            Chain(ref rng, plan, initial, CodeEtape.AccordInitial);
            plan.Statut = CodeStatut.AccordInitial;
        }
        else if (roll < 100)
        {
            var last = WorkingDay(reference.AddDays(-rng.Next(1, 30)));
            Chain(ref rng, plan, last, rng.Chance(0.5) ? CodeEtape.VisaDirecteurGeneral : CodeEtape.AccordPrealable);
            plan.Statut = CodeStatut.AccordPrealable;
        }
        else if (roll < 190)
        {
            PlanRejected(ref rng, plan, reference);
        }
        else if (roll < 230)
        {
            // Revoked some weeks after signature, while still valid (employer's request, fraud, departure).
            var signed = WorkingDay(reference.AddDays(-rng.Next(40, 700)));
            Issue(ref rng, plan, signed);
            var lastPossible = Min(plan.Fin!.Value, reference.AddDays(-1));
            var revoked = WorkingDay(signed.AddDays(rng.Next(20, lastPossible.DayNumber - signed.DayNumber + 1)));
            Decide(ref rng, plan, CodeEtape.Retrait, CodeRole.Ministre, revoked);
            plan.Statut = CodeStatut.Retire;
        }
        else if (roll < 700)
        {
            Issue(ref rng, plan, WorkingDay(reference.AddDays(-rng.Next(1, 360))));
        }
        else if (roll < 870)
        {
            // Renewed a few weeks before the first year ran out: validity extended by a year.
            var renewed = WorkingDay(reference.AddDays(-rng.Next(1, 330)));
            var firstEnd = renewed.AddDays(rng.Next(3, 60));
            Issue(ref rng, plan, WorkingDay(firstEnd.AddDays(1).AddYears(-1)));
            Renew(ref rng, plan, renewed);
        }
        else
        {
            var end = reference.AddDays(-rng.Next(1, 900));
            IssueEndingOn(ref rng, plan, end, renewedOnce: rng.Chance(0.2));
            Expire(plan);
        }

        return plan;
    }

    /// <summary>An older permit with the same employer, replaced by a new application before it ran out.</summary>
    private static Plan PlanBeforeRenewal(ref SeedRandom rng, DateOnly reference, Plan successor)
    {
        var plan = new Plan();
        // The new permit takes over the day after the old one ends; an unsigned one was filed weeks before the end.
        var end = successor.Debut is { } next ? next.AddDays(-1) : successor.Depot.AddDays(rng.Next(10, 60));
        IssueEndingOn(ref rng, plan, end, renewedOnce: false);
        if (end < reference)
        {
            Expire(plan);
        }

        return plan;
    }

    /// <summary>The permit with the previous employer: it ran out, or was revoked when the worker left.</summary>
    private static Plan PlanBeforeEmployerChange(ref SeedRandom rng, Plan successor)
    {
        var plan = new Plan();
        if (rng.Chance(0.3))
        {
            var revoked = WorkingDay(successor.Depot.AddDays(-rng.Next(5, 60)));
            Issue(ref rng, plan, WorkingDay(revoked.AddDays(-rng.Next(30, 300))));
            Decide(ref rng, plan, CodeEtape.Retrait, CodeRole.Ministre, revoked);
            plan.Statut = CodeStatut.Retire;
        }
        else
        {
            IssueEndingOn(ref rng, plan, successor.Depot.AddDays(-rng.Next(1, 120)), renewedOnce: false);
            Expire(plan);
        }

        return plan;
    }

    /// <summary>Rejected at one of the four levels of the chain, after the levels below it approved.</summary>
    private static void PlanRejected(ref SeedRandom rng, Plan plan, DateOnly reference)
    {
        var rejected = WorkingDay(reference.AddDays(-rng.Next(1, 720)));
        var (before, role) = rng.Next(100) switch
        {
            < 40 => ((string?)null, CodeRole.ChefDepartement),
            < 70 => (CodeEtape.AccordInitial, CodeRole.ChefService),
            < 90 => (CodeEtape.AccordPrealable, CodeRole.DirecteurGeneral),
            _ => (CodeEtape.VisaDirecteurGeneral, CodeRole.Ministre),
        };
        var previous = rejected.AddDays(-rng.Next(3, 21));
        if (before is null)
        {
            File(ref rng, plan, previous);
        }
        else
        {
            Chain(ref rng, plan, WorkingDay(previous), before);
        }

        Decide(ref rng, plan, CodeEtape.Rejet, role, rejected);
        plan.Statut = CodeStatut.Rejete;
    }

    /// <summary>Signed so that validity, renewal included, ends on <paramref name="end"/>.</summary>
    private static void IssueEndingOn(ref SeedRandom rng, Plan plan, DateOnly end, bool renewedOnce)
    {
        var firstEnd = renewedOnce ? end.AddYears(-1) : end;
        Issue(ref rng, plan, WorkingDay(firstEnd.AddDays(1).AddYears(-1)));
        plan.Fin = firstEnd;
        if (renewedOnce)
        {
            Renew(ref rng, plan, WorkingDay(firstEnd.AddDays(-rng.Next(3, 60))));
            plan.Fin = end;
        }
    }

    /// <summary>The whole chain up to the minister's signature; valid one year from the day signed.</summary>
    private static void Issue(ref SeedRandom rng, Plan plan, DateOnly signed)
    {
        Chain(ref rng, plan, signed, CodeEtape.SignatureMinistre);
        plan.Statut = CodeStatut.Delivre;
        plan.Debut = signed;
        plan.Fin = signed.AddYears(1).AddDays(-1);
    }

    private static void Renew(ref SeedRandom rng, Plan plan, DateOnly renewed)
    {
        Decide(ref rng, plan, CodeEtape.Renouvellement, CodeRole.DirecteurGeneral, renewed);
        plan.Statut = CodeStatut.Renouvele;
        plan.Fin = plan.Fin!.Value.AddYears(1);
    }

    private static void Expire(Plan plan)
    {
        plan.Steps.Add((CodeEtape.Expiration, null, At(plan.Fin!.Value, ExpiryUtcMinute)));
        plan.Statut = CodeStatut.Expire;
    }

    /// <summary>
    /// Files the application and walks the approval chain up to <paramref name="lastStep"/>, which is decided on
    /// <paramref name="lastDay"/>: head of department, head of service, director general, minister. Steps are
    /// at least three days apart, so moving a decision back off the weekend keeps them in order.
    /// </summary>
    private static void Chain(ref SeedRandom rng, Plan plan, DateOnly lastDay, string lastStep)
    {
        var depth = lastStep switch
        {
            CodeEtape.AccordInitial => 1,
            CodeEtape.AccordPrealable => 2,
            CodeEtape.VisaDirecteurGeneral => 3,
            _ => 4,
        };
        // days[level - 1] is the day of ChainSteps[level - 1]; the filing comes before the first of them.
        Span<DateOnly> days = stackalloc DateOnly[ChainSteps.Length];
        days[depth - 1] = lastDay;
        for (var level = depth - 1; level >= 1; level--)
        {
            days[level - 1] = WorkingDay(days[level].AddDays(-rng.Next(3, 21)));
        }

        File(ref rng, plan, days[0].AddDays(-rng.Next(3, 31)));
        for (var level = 1; level <= depth; level++)
        {
            var (code, role) = ChainSteps[level - 1];
            Decide(ref rng, plan, code, role, days[level - 1]);
        }
    }

    private static readonly (string Code, string Role)[] ChainSteps =
    [
        (CodeEtape.AccordInitial, CodeRole.ChefDepartement),
        (CodeEtape.AccordPrealable, CodeRole.ChefService),
        (CodeEtape.VisaDirecteurGeneral, CodeRole.DirecteurGeneral),
        (CodeEtape.SignatureMinistre, CodeRole.Ministre),
    ];

    /// <summary>The employer files online, any day of the week.</summary>
    private static void File(ref SeedRandom rng, Plan plan, DateOnly day)
    {
        plan.Depot = day;
        plan.Statut = CodeStatut.Deposee;
        plan.Steps.Add((CodeEtape.Depot, null, At(day, rng.Next(FilingOpensUtcMinute, FilingClosesUtcMinute))));
    }

    private static void Decide(ref SeedRandom rng, Plan plan, string code, string role, DateOnly day) =>
        plan.Steps.Add((code, role, At(day, rng.Next(OfficeOpensUtcMinute, OfficeClosesUtcMinute))));

    /// <summary>Officials sign on working days: Algeria's weekend is Friday and Saturday.</summary>
    private static DateOnly WorkingDay(DateOnly day) => day.DayOfWeek switch
    {
        DayOfWeek.Friday => day.AddDays(-1),
        DayOfWeek.Saturday => day.AddDays(-2),
        _ => day,
    };

    private static DateTimeOffset At(DateOnly day, int utcMinute) =>
        new(day.Year, day.Month, day.Day, utcMinute / 60, utcMinute % 60, 0, TimeSpan.Zero);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>Larger employers hire more foreign workers; redraws favour active employers that existed at filing.</summary>
    private static EmployerProfile DrawEmployer(Population population, ref SeedRandom rng, DateOnly firstFiling)
    {
        var employer = population.Employer(population.EmployerOfInsuredWorker(rng.Next(population.Options.InsuredWorkers)));
        for (var draw = 1; draw < EmployerDraws && !(employer.Lifecycle == EmployerLifecycle.Active && employer.RegistrationDate <= firstFiling); draw++)
        {
            employer = population.Employer(population.EmployerOfInsuredWorker(rng.Next(population.Options.InsuredWorkers)));
        }

        return employer;
    }

    private static (string Code, string Libelle) DrawOccupation(ref SeedRandom rng, string activityCode)
    {
        var group = activityCode switch
        {
            "4100" or "4330" or "2511" => ConstructionOccupations,
            "5610" or "5510" => HospitalityOccupations,
            "1071" or "4711" => FoodOccupations,
            "8610" => HealthOccupations,
            "6201" => SoftwareOccupations,
            "0111" => FarmOccupations,
            "4923" or "4520" => TransportOccupations,
            _ => GeneralOccupations,
        };
        return Occupations[group.Codes[rng.PickWeighted(group.CumulativeWeights)]];
    }

    /// <summary>A bijection on [0, modulus) (multiplier coprime with modulus): unique, scattered numbers.</summary>
    private static long Permute(long index, long multiplier, long offset, long modulus) =>
        ((index * multiplier) + offset) % modulus;

    /// <summary>ISCO-08 unit groups, with the ministry's French titles.</summary>
    private static readonly Dictionary<string, (string Code, string Libelle)> Occupations = new (string Code, string Libelle)[]
    {
        ("1120", "Directeurs generaux d'entreprise"),
        ("1323", "Directeurs de travaux de construction"),
        ("2142", "Ingenieurs civils"),
        ("2144", "Ingenieurs mecaniciens"),
        ("2146", "Ingenieurs des mines et metallurgistes"),
        ("2211", "Medecins generalistes"),
        ("2212", "Medecins specialistes"),
        ("2221", "Cadres infirmiers"),
        ("2421", "Analystes de gestion et d'organisation"),
        ("2512", "Concepteurs de logiciels"),
        ("2522", "Administrateurs de systemes"),
        ("3112", "Techniciens du genie civil"),
        ("3115", "Techniciens en genie mecanique"),
        ("3123", "Chefs de chantier"),
        ("3434", "Chefs cuisiniers"),
        ("5120", "Cuisiniers"),
        ("5131", "Serveurs"),
        ("5414", "Agents de securite"),
        ("6111", "Agriculteurs, cultures de plein champ et maraicheres"),
        ("7112", "Macons"),
        ("7114", "Coffreurs et ferrailleurs du beton arme"),
        ("7115", "Charpentiers et menuisiers du batiment"),
        ("7126", "Plombiers et tuyauteurs"),
        ("7212", "Soudeurs et oxycoupeurs"),
        ("7214", "Monteurs de charpentes metalliques"),
        ("7231", "Mecaniciens de vehicules a moteur"),
        ("7233", "Mecaniciens de machines agricoles et industrielles"),
        ("7411", "Electriciens du batiment"),
        ("7512", "Boulangers, patissiers et confiseurs"),
        ("8332", "Conducteurs de poids lourds"),
        ("8342", "Conducteurs d'engins de terrassement"),
        ("8343", "Grutiers et conducteurs d'appareils de levage"),
        ("9112", "Agents d'entretien de bureaux et d'hotels"),
        ("9313", "Manoeuvres du batiment"),
        ("9329", "Manoeuvres des industries manufacturieres"),
    }.ToDictionary(o => o.Code);

    private sealed record OccupationGroup(string[] Codes, int[] CumulativeWeights)
    {
        public static OccupationGroup Of(params (string Code, int Weight)[] entries) =>
            new(entries.Select(e => e.Code).ToArray(), Names.Cumulative(entries.Select(e => e.Weight)));
    }

    private static readonly OccupationGroup ConstructionOccupations = OccupationGroup.Of(
        ("7112", 20), ("9313", 14), ("7114", 10), ("7212", 10), ("7115", 6), ("7214", 6), ("7411", 6), ("8342", 6),
        ("7126", 5), ("2142", 5), ("3112", 5), ("3123", 4), ("8343", 4), ("1323", 3));

    private static readonly OccupationGroup HospitalityOccupations = OccupationGroup.Of(
        ("5120", 10), ("3434", 5), ("5131", 5), ("9112", 4), ("1120", 1));

    private static readonly OccupationGroup FoodOccupations = OccupationGroup.Of(
        ("7512", 8), ("9329", 4), ("1120", 1), ("8332", 2));

    private static readonly OccupationGroup HealthOccupations = OccupationGroup.Of(
        ("2212", 8), ("2211", 4), ("2221", 5), ("1120", 1));

    private static readonly OccupationGroup SoftwareOccupations = OccupationGroup.Of(
        ("2512", 10), ("2522", 4), ("2421", 2), ("1120", 1));

    private static readonly OccupationGroup FarmOccupations = OccupationGroup.Of(
        ("6111", 10), ("7233", 3), ("2144", 1));

    private static readonly OccupationGroup TransportOccupations = OccupationGroup.Of(
        ("8332", 8), ("7231", 6), ("7233", 2), ("1120", 1));

    private static readonly OccupationGroup GeneralOccupations = OccupationGroup.Of(
        ("1120", 4), ("2144", 4), ("2146", 3), ("2421", 2), ("3115", 4), ("7233", 5), ("7212", 4), ("9329", 6),
        ("9112", 3), ("5414", 2), ("8332", 3));

    /// <param name="PassportPrefix">How the country's passport numbers start; eight digits follow.</param>
    /// <param name="OtherDocument">The non-passport document some of its nationals travel on.</param>
    private sealed record Nationality(
        string Code,
        int Weight,
        string PassportPrefix,
        string OtherDocument,
        int OtherDocumentPerMille,
        string[] Surnames,
        string[] GivenNames);

    /// <summary>Algeria's foreign workforce: Chinese construction crews first, then Turkey, Egypt, the Maghreb, Asia, Europe, the Sahel.</summary>
    private static readonly Nationality[] Nationalities =
    [
        new("CHN", 300, "E", TypeDocument.LaissezPasser, 5,
            ["WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "HUANG", "ZHAO", "WU", "ZHOU", "XU", "SUN"],
            ["Wei", "Fang", "Lei", "Jun", "Ming", "Hui", "Jie", "Tao", "Yong", "Qiang", "Jianguo", "Xiaoming"]),
        new("TUR", 100, "U", TypeDocument.LaissezPasser, 5,
            ["YILMAZ", "KAYA", "DEMIR", "SAHIN", "CELIK", "YILDIZ", "AYDIN", "OZTURK", "ARSLAN", "DOGAN"],
            ["Mehmet", "Mustafa", "Ahmet", "Ali", "Huseyin", "Hasan", "Ibrahim", "Murat", "Emre", "Elif"]),
        new("EGY", 100, "A", TypeDocument.LaissezPasser, 5,
            ["ABDELRAHMAN", "EL SAYED", "MAHMOUD", "HASSAN", "IBRAHIM", "FATHY", "SOLIMAN", "MOUSTAFA", "ABDELAZIZ"],
            ["Mohamed", "Ahmed", "Mahmoud", "Mostafa", "Hassan", "Tarek", "Amr", "Hany", "Walid", "Mona"]),
        new("SYR", 60, "N0", TypeDocument.TitreVoyageRefugie, 300,
            ["AL HAMWI", "HADDAD", "KHOURY", "AL AHMAD", "DARWISH", "SABBAGH", "AL MASRI", "NASSER"],
            ["Mohammad", "Ahmad", "Khaled", "Omar", "Bilal", "Rami", "Fadi", "Rania"]),
        new("TUN", 60, "Y", TypeDocument.LaissezPasser, 5,
            ["BEN SALAH", "TRABELSI", "GHARBI", "JEBALI", "HAMMAMI", "MEJRI", "BEN AMOR", "SASSI"],
            ["Mohamed", "Anis", "Sami", "Hichem", "Wassim", "Sonia", "Karim", "Amel"]),
        new("MAR", 30, "AB", TypeDocument.LaissezPasser, 5,
            ["ALAOUI", "BENJELLOUN", "EL IDRISSI", "TAZI", "BENNANI", "BERRADA", "CHRAIBI"],
            ["Youssef", "Hamza", "Rachid", "Khalid", "Said", "Fatima Zahra", "Imane"]),
        new("PHL", 40, "P", TypeDocument.LaissezPasser, 5,
            ["SANTOS", "REYES", "CRUZ", "BAUTISTA", "GARCIA", "MENDOZA", "VILLANUEVA"],
            ["Jose", "Mark Anthony", "John Paul", "Maria", "Angelica", "Ramon", "Jerome"]),
        new("IND", 50, "Z", TypeDocument.LaissezPasser, 5,
            ["KUMAR", "SINGH", "SHARMA", "PATEL", "NAIR", "REDDY", "GUPTA", "DAS"],
            ["Rajesh", "Suresh", "Anil", "Vijay", "Ramesh", "Deepak", "Sanjay", "Priya"]),
        new("BGD", 50, "BA", TypeDocument.LaissezPasser, 10,
            ["HOSSAIN", "RAHMAN", "ISLAM", "AHMED", "UDDIN", "MIAH", "SARKER"],
            ["Md Rafiqul", "Shahidul", "Kamal", "Jahangir", "Mizanur", "Abdul Karim", "Sohel"]),
        new("VNM", 40, "C", TypeDocument.LaissezPasser, 5,
            ["NGUYEN", "TRAN", "LE", "PHAM", "HOANG", "VU", "DANG"],
            ["Van Hung", "Van Nam", "Duc Anh", "Minh Tuan", "Thi Lan", "Quoc Bao", "Van Thanh"]),
        new("FRA", 50, "2", TypeDocument.LaissezPasser, 2,
            ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "PETIT", "DURAND", "LEROY"],
            ["Jean", "Pierre", "Nicolas", "Julien", "Marie", "Camille", "Thomas", "Sophie"]),
        new("ITA", 30, "YA", TypeDocument.LaissezPasser, 2,
            ["ROSSI", "RUSSO", "FERRARI", "ESPOSITO", "BIANCHI", "ROMANO", "COLOMBO"],
            ["Marco", "Luca", "Giuseppe", "Andrea", "Francesco", "Giulia", "Paolo"]),
        new("ESP", 20, "PA", TypeDocument.LaissezPasser, 2,
            ["GARCIA", "FERNANDEZ", "LOPEZ", "MARTINEZ", "SANCHEZ", "PEREZ", "GOMEZ"],
            ["Antonio", "Manuel", "Jose Luis", "Javier", "Carmen", "Pablo", "Lucia"]),
        new("MLI", 30, "AA", TypeDocument.LaissezPasser, 150,
            ["TRAORE", "COULIBALY", "KEITA", "DIARRA", "KONE", "SANGARE", "TOURE"],
            ["Moussa", "Mamadou", "Oumar", "Seydou", "Ibrahim", "Aminata", "Boubacar"]),
        new("NER", 20, "10", TypeDocument.LaissezPasser, 150,
            ["ISSOUFOU", "MAHAMADOU", "ABDOU", "OUSMANE", "MOUSSA", "HAMA", "SEYNI"],
            ["Abdoulaye", "Issa", "Hamidou", "Souleymane", "Ali", "Mariama", "Idrissa"]),
        new("PAK", 20, "AK", TypeDocument.LaissezPasser, 5,
            ["KHAN", "AHMED", "HUSSAIN", "ALI", "MALIK", "IQBAL", "BUTT"],
            ["Muhammad", "Imran", "Asif", "Tariq", "Shahid", "Bilal", "Usman"]),
    ];

    private static readonly int[] NationalityCumulativeWeights = Names.Cumulative(Nationalities.Select(n => n.Weight));
}
