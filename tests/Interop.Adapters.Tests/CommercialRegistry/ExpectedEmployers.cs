using Interop.Employers.V1;
using Interop.Seeding;

namespace Interop.Adapters.Tests.CommercialRegistry;

/// <summary>What the hub must serve for a synthetic employer, written from the profile without the adapter's mapper.</summary>
internal static class ExpectedEmployers
{
    public static Employer From(EmployerProfile profile) => new()
    {
        Name = $"employers/{profile.RegistryNumber}",
        RegistryNumber = profile.RegistryNumber,
        SocialSecurityNumber = profile.Contributions == ContributionBehaviour.NotRegistered ? "" : profile.SocialSecurityNumber,
        TaxId = profile.TaxId,
        LegalNameAr = profile.LegalNameAr,
        LegalNameLatin = profile.LegalNameLatin,
        LegalForm = profile.LegalForm switch
        {
            EmployerLegalForm.SoleProprietor => LegalForm.SoleProprietor,
            EmployerLegalForm.LimitedLiability => LegalForm.LimitedLiability,
            EmployerLegalForm.SingleMemberLimited => LegalForm.SingleMemberLimited,
            EmployerLegalForm.JointStock => LegalForm.JointStock,
            EmployerLegalForm.GeneralPartnership => LegalForm.GeneralPartnership,
            EmployerLegalForm.PublicEstablishment => LegalForm.PublicEstablishment,
            _ => LegalForm.Unspecified,
        },
        Status = profile.Lifecycle switch
        {
            EmployerLifecycle.Active => EmployerStatus.Active,
            EmployerLifecycle.Suspended => EmployerStatus.Suspended,
            EmployerLifecycle.StruckOff => EmployerStatus.StruckOff,
            _ => EmployerStatus.Unspecified,
        },
        RegistrationDate = new Google.Type.Date
        {
            Year = profile.RegistrationDate.Year,
            Month = profile.RegistrationDate.Month,
            Day = profile.RegistrationDate.Day,
        },
        ActivityCode = profile.ActivityCode,
        Region = new Region { Code = profile.Region.Code, Name = profile.Region.Name },
        DeclaredHeadcount = profile.DeclaredHeadcount,
    };
}
