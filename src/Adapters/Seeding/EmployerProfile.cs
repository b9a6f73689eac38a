namespace Interop.Seeding;

/// <summary>
/// The facts about one synthetic employer that every agency's generator agrees on. Each agency
/// expresses them in its own conventions (codes, column names, date formats).
/// </summary>
public sealed record EmployerProfile(
    int Index,
    string RegistryNumber,
    string SocialSecurityNumber,
    string TaxId,
    string LegalNameAr,
    string LegalNameLatin,
    EmployerLegalForm LegalForm,
    EmployerLifecycle Lifecycle,
    DateOnly RegistrationDate,
    DateOnly? LifecycleChangeDate,
    string ActivityCode,
    RegionInfo Region,
    int DeclaredHeadcount,
    ContributionBehaviour Contributions,
    DateTimeOffset RegistryUpdatedAt);

public enum EmployerLegalForm
{
    SoleProprietor,
    LimitedLiability,
    SingleMemberLimited,
    JointStock,
    GeneralPartnership,
    PublicEstablishment,
}

public enum EmployerLifecycle
{
    Active,
    Suspended,
    StruckOff,
}

/// <summary>How the employer behaves towards the social security fund; the fund's generator turns it into rows.</summary>
public enum ContributionBehaviour
{
    /// <summary>Declares and pays every month on time.</summary>
    Good,
    /// <summary>Declares, but the last few months are unpaid.</summary>
    Arrears,
    /// <summary>Pays what it declares, but some recent declarations were never filed.</summary>
    MissingDeclarations,
    /// <summary>Had arrears, now covered by a payment plan being honoured.</summary>
    PaymentPlan,
    /// <summary>Contributions paid, but late-payment penalties left unpaid.</summary>
    UnpaidPenalties,
    /// <summary>Never affiliated with the fund.</summary>
    NotRegistered,
}

/// <param name="Code">Two-digit region code, e.g. "16".</param>
public sealed record RegionInfo(string Code, string Name, string NameAr);
