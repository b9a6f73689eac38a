namespace Interop.Seeding;

/// <summary>Word lists for plausible Algerian employers and workers, in Latin and Arabic script.</summary>
public static class Names
{
    public static readonly RegionInfo[] Regions =
    [
        new("01", "Adrar", "أدرار"), new("02", "Chlef", "الشلف"), new("03", "Laghouat", "الأغواط"),
        new("04", "Oum El Bouaghi", "أم البواقي"), new("05", "Batna", "باتنة"), new("06", "Bejaia", "بجاية"),
        new("07", "Biskra", "بسكرة"), new("08", "Bechar", "بشار"), new("09", "Blida", "البليدة"),
        new("10", "Bouira", "البويرة"), new("11", "Tamanrasset", "تمنراست"), new("12", "Tebessa", "تبسة"),
        new("13", "Tlemcen", "تلمسان"), new("14", "Tiaret", "تيارت"), new("15", "Tizi Ouzou", "تيزي وزو"),
        new("16", "Alger", "الجزائر"), new("17", "Djelfa", "الجلفة"), new("18", "Jijel", "جيجل"),
        new("19", "Setif", "سطيف"), new("20", "Saida", "سعيدة"), new("21", "Skikda", "سكيكدة"),
        new("22", "Sidi Bel Abbes", "سيدي بلعباس"), new("23", "Annaba", "عنابة"), new("24", "Guelma", "قالمة"),
        new("25", "Constantine", "قسنطينة"), new("26", "Medea", "المدية"), new("27", "Mostaganem", "مستغانم"),
        new("28", "M'Sila", "المسيلة"), new("29", "Mascara", "معسكر"), new("30", "Ouargla", "ورقلة"),
        new("31", "Oran", "وهران"), new("32", "El Bayadh", "البيض"), new("33", "Illizi", "إليزي"),
        new("34", "Bordj Bou Arreridj", "برج بوعريريج"), new("35", "Boumerdes", "بومرداس"), new("36", "El Tarf", "الطارف"),
        new("37", "Tindouf", "تندوف"), new("38", "Tissemsilt", "تيسمسيلت"), new("39", "El Oued", "الوادي"),
        new("40", "Khenchela", "خنشلة"), new("41", "Souk Ahras", "سوق أهراس"), new("42", "Tipaza", "تيبازة"),
        new("43", "Mila", "ميلة"), new("44", "Ain Defla", "عين الدفلى"), new("45", "Naama", "النعامة"),
        new("46", "Ain Temouchent", "عين تموشنت"), new("47", "Ghardaia", "غرداية"), new("48", "Relizane", "غليزان"),
    ];

    /// <summary>Algiers weighs most (34,000 of the country's employers in the brief), then the large cities.</summary>
    public static readonly int[] RegionCumulativeWeights = Cumulative(Regions.Select(r => r.Code switch
    {
        "16" => 170,
        "31" => 60,
        "25" => 40,
        "19" or "09" or "06" or "15" or "23" or "35" => 30,
        "05" or "13" or "42" or "26" or "21" => 20,
        _ => 10,
    }));

    public static readonly (string Latin, string Arabic)[] FamilyNames =
    [
        ("Benali", "بن علي"), ("Bouzid", "بوزيد"), ("Khelifi", "خليفي"), ("Haddad", "حداد"),
        ("Mansouri", "منصوري"), ("Belkacem", "بلقاسم"), ("Cherif", "شريف"), ("Saidi", "سعيدي"),
        ("Meziane", "مزيان"), ("Boudiaf", "بوضياف"), ("Amrani", "عمراني"), ("Hamidi", "حميدي"),
        ("Rahmani", "رحماني"), ("Zerrouki", "زروقي"), ("Brahimi", "براهيمي"), ("Kaci", "قاسي"),
        ("Ouali", "والي"), ("Taleb", "طالب"), ("Slimani", "سليماني"), ("Larbi", "العربي"),
        ("Benyahia", "بن يحيى"), ("Djebbar", "جبار"), ("Ferhat", "فرحات"), ("Guerfi", "قرفي"),
        ("Hadjadj", "حجاج"), ("Lounis", "لونيس"), ("Mebarki", "مباركي"), ("Nouri", "نوري"),
        ("Rezig", "رزيق"), ("Sahraoui", "صحراوي"), ("Touati", "تواتي"), ("Yahiaoui", "يحياوي"),
    ];

    public static readonly (string Latin, string Arabic)[] GivenNames =
    [
        ("Mohamed", "محمد"), ("Ahmed", "أحمد"), ("Karim", "كريم"), ("Yacine", "ياسين"), ("Sofiane", "سفيان"),
        ("Nadir", "نذير"), ("Rachid", "رشيد"), ("Omar", "عمر"), ("Fatima", "فاطمة"), ("Amina", "أمينة"),
        ("Nadia", "نادية"), ("Samira", "سميرة"), ("Leila", "ليلى"), ("Meriem", "مريم"), ("Yasmina", "ياسمينة"),
        ("Sarah", "سارة"),
    ];

    public static readonly (string Code, string Latin, string Arabic, int Weight)[] Activities =
    [
        ("4711", "Alimentation generale", "تجارة المواد الغذائية", 18),
        ("4100", "Batiment", "البناء", 14),
        ("4330", "Finitions", "أشغال التشطيب", 6),
        ("4923", "Transport de marchandises", "نقل البضائع", 9),
        ("5610", "Restauration", "الإطعام", 9),
        ("1071", "Boulangerie", "المخابز", 6),
        ("4520", "Mecanique auto", "صيانة السيارات", 6),
        ("4690", "Commerce de gros", "تجارة الجملة", 7),
        ("6201", "Informatique", "البرمجيات", 4),
        ("2511", "Constructions metalliques", "الهياكل المعدنية", 4),
        ("0111", "Agriculture", "الفلاحة", 5),
        ("8010", "Securite", "الأمن والحراسة", 3),
        ("8121", "Nettoyage", "التنظيف", 3),
        ("5510", "Hotellerie", "الفندقة", 2),
        ("8610", "Clinique", "العيادات", 2),
        ("8559", "Formation", "التكوين", 2),
    ];

    public static readonly int[] ActivityCumulativeWeights = Cumulative(Activities.Select(a => a.Weight));

    public static int[] Cumulative(IEnumerable<int> weights)
    {
        var total = 0;
        return weights.Select(w => total += w).ToArray();
    }
}
