using System.Globalization;
using Interop.Adapters.CommercialRegistry;

namespace Interop.Seeding;

/// <summary>The Commercial Registry's rows for a synthetic country, streamed one employer at a time.</summary>
public static class CommercialRegistryGenerator
{
    public static CommercialRegistryData Generate(Population population)
    {
        ArgumentNullException.ThrowIfNull(population);
        return new CommercialRegistryData(Wilayas(), Entreprises(population));
    }

    /// <summary>The registry's row for one employer, in the registry's own codes.</summary>
    public static RcEntreprise ToEntreprise(EmployerProfile employer)
    {
        ArgumentNullException.ThrowIfNull(employer);
        return new RcEntreprise(
            NumRc: employer.RegistryNumber,
            Nif: employer.TaxId,
            // The registry only records the fund's number once the trader has affiliated with the fund.
            NumEmployeurCnas: employer.Contributions == ContributionBehaviour.NotRegistered ? null : employer.SocialSecurityNumber,
            RaisonSociale: employer.LegalNameLatin,
            RaisonSocialeAr: employer.LegalNameAr,
            FormeJuridique: FormeJuridique(employer.LegalForm),
            Etat: Etat(employer.Lifecycle),
            DateImmatriculation: employer.RegistrationDate,
            DateSuspension: employer.Lifecycle == EmployerLifecycle.Suspended ? employer.LifecycleChangeDate : null,
            DateRadiation: employer.Lifecycle == EmployerLifecycle.StruckOff ? employer.LifecycleChangeDate : null,
            CodeActivite: employer.ActivityCode,
            CodeWilaya: short.Parse(employer.Region.Code, CultureInfo.InvariantCulture),
            EffectifDeclare: employer.DeclaredHeadcount,
            DateMaj: employer.RegistryUpdatedAt);
    }

    private static IEnumerable<RcWilaya> Wilayas()
    {
        foreach (var region in Names.Regions)
        {
            yield return new RcWilaya(short.Parse(region.Code, CultureInfo.InvariantCulture), region.Name, region.NameAr);
        }
    }

    private static IEnumerable<RcEntreprise> Entreprises(Population population)
    {
        for (var i = 0; i < population.EmployerCount; i++)
        {
            yield return ToEntreprise(population.Employer(i));
        }
    }

    private static string FormeJuridique(EmployerLegalForm legalForm) => legalForm switch
    {
        EmployerLegalForm.SoleProprietor => FormesJuridiques.EntrepriseIndividuelle,
        EmployerLegalForm.LimitedLiability => FormesJuridiques.Sarl,
        EmployerLegalForm.SingleMemberLimited => FormesJuridiques.Eurl,
        EmployerLegalForm.JointStock => FormesJuridiques.Spa,
        EmployerLegalForm.GeneralPartnership => FormesJuridiques.Snc,
        EmployerLegalForm.PublicEstablishment => FormesJuridiques.Epic,
        _ => throw new ArgumentOutOfRangeException(nameof(legalForm), legalForm, "Unknown legal form."),
    };

    private static char Etat(EmployerLifecycle lifecycle) => lifecycle switch
    {
        EmployerLifecycle.Active => EtatsEntreprise.Active,
        EmployerLifecycle.Suspended => EtatsEntreprise.Suspendue,
        EmployerLifecycle.StruckOff => EtatsEntreprise.Radiee,
        _ => throw new ArgumentOutOfRangeException(nameof(lifecycle), lifecycle, "Unknown lifecycle."),
    };
}
