namespace Interop.Adapters.CommercialRegistry;

/// <summary>
/// One row of the registry's <c>rc_entreprise</c> table, as the Centre national du registre du commerce keeps it:
/// a trader or company registered to carry on a business.
/// </summary>
/// <param name="NumRc">Registry number (numéro RC): wilaya code, legal-form letter, seven-digit serial, e.g. "16B0012345".</param>
/// <param name="Nif">Tax identification number (numéro d'identification fiscale), fifteen digits.</param>
/// <param name="NumEmployeurCnas">The social security fund's employer number; null while the trader never affiliated with the fund.</param>
/// <param name="RaisonSociale">Legal name in Latin script, upper case as registered.</param>
/// <param name="RaisonSocialeAr">Legal name in Arabic script.</param>
/// <param name="FormeJuridique">Legal-form code, one of <see cref="FormesJuridiques"/>.</param>
/// <param name="Etat">Registration state, one of <see cref="EtatsEntreprise"/>.</param>
/// <param name="DateImmatriculation">Date of first registration.</param>
/// <param name="DateSuspension">Date the registration was suspended; set only while suspended.</param>
/// <param name="DateRadiation">Date the trader was struck off; set only once struck off.</param>
/// <param name="CodeActivite">Main activity, four-digit ISIC rev. 4 class.</param>
/// <param name="CodeWilaya">Wilaya of the registered office (see <see cref="RcWilaya"/>).</param>
/// <param name="EffectifDeclare">Headcount declared at registration or last amendment.</param>
/// <param name="DateMaj">When the row last changed (maintained by a trigger on update).</param>
public sealed record RcEntreprise(
    string NumRc,
    string Nif,
    string? NumEmployeurCnas,
    string RaisonSociale,
    string RaisonSocialeAr,
    string FormeJuridique,
    char Etat,
    DateOnly DateImmatriculation,
    DateOnly? DateSuspension,
    DateOnly? DateRadiation,
    string CodeActivite,
    short CodeWilaya,
    int EffectifDeclare,
    DateTimeOffset DateMaj);
