using System.Globalization;
using Interop.Employers.V1;
using Interop.Ports;

namespace Interop.Adapters.CommercialRegistry;

/// <summary>The one translation from the registry's rows to the hub's contract, shared by every backend.</summary>
public static class CommercialRegistryMapper
{
    private const string EmployerNamePrefix = "employers/";

    public static Sourced<Employer> ToSourcedEmployer(RcEntreprise entreprise, RcWilaya wilaya) =>
        new(ToEmployer(entreprise, wilaya), entreprise.DateMaj);

    public static Employer ToEmployer(RcEntreprise entreprise, RcWilaya wilaya)
    {
        ArgumentNullException.ThrowIfNull(entreprise);
        ArgumentNullException.ThrowIfNull(wilaya);
        if (entreprise.CodeWilaya != wilaya.CodeWilaya)
        {
            throw new ArgumentException(
                $"Wilaya {wilaya.CodeWilaya} is not the wilaya {entreprise.CodeWilaya} of {entreprise.NumRc}.", nameof(wilaya));
        }

        return new Employer
        {
            Name = EmployerNamePrefix + entreprise.NumRc,
            RegistryNumber = entreprise.NumRc,
            // Protobuf strings cannot be null: an employer the fund never affiliated has no number to give.
            SocialSecurityNumber = entreprise.NumEmployeurCnas ?? "",
            TaxId = entreprise.Nif,
            LegalNameAr = entreprise.RaisonSocialeAr,
            LegalNameLatin = entreprise.RaisonSociale,
            LegalForm = ToLegalForm(entreprise.FormeJuridique),
            Status = ToStatus(entreprise.Etat),
            RegistrationDate = ToDate(entreprise.DateImmatriculation),
            ActivityCode = entreprise.CodeActivite,
            Region = new Region
            {
                Code = entreprise.CodeWilaya.ToString("D2", CultureInfo.InvariantCulture),
                Name = wilaya.LibelleWilaya,
            },
            DeclaredHeadcount = entreprise.EffectifDeclare,
        };
    }

    /// <summary>Unknown codes (forms the contract has no value for yet) stay unspecified rather than guessed.</summary>
    public static LegalForm ToLegalForm(string formeJuridique) => formeJuridique switch
    {
        FormesJuridiques.EntrepriseIndividuelle => LegalForm.SoleProprietor,
        FormesJuridiques.Sarl => LegalForm.LimitedLiability,
        FormesJuridiques.Eurl => LegalForm.SingleMemberLimited,
        FormesJuridiques.Spa => LegalForm.JointStock,
        FormesJuridiques.Snc => LegalForm.GeneralPartnership,
        FormesJuridiques.Epic or FormesJuridiques.Epa => LegalForm.PublicEstablishment,
        _ => LegalForm.Unspecified,
    };

    public static EmployerStatus ToStatus(char etat) => etat switch
    {
        EtatsEntreprise.Active => EmployerStatus.Active,
        EtatsEntreprise.Suspendue => EmployerStatus.Suspended,
        EtatsEntreprise.Radiee => EmployerStatus.StruckOff,
        _ => EmployerStatus.Unspecified,
    };

    public static Google.Type.Date ToDate(DateOnly date) =>
        new() { Year = date.Year, Month = date.Month, Day = date.Day };
}
