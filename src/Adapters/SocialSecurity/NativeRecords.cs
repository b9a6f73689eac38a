namespace Interop.Adapters.SocialSecurity;

// The fund's own rows, as its information system (CNAS style) keeps them: French column names,
// contribution periods as (annee, mois), amounts in centimes of dinar, calendar dates without time,
// and a maj_le ("mis à jour le") timestamp on every row that records its last change at the source.

/// <summary>An employer's contribution account (compte employeur), table <c>employeurs</c>.</summary>
/// <param name="IdCompte">The fund's internal account number, the key of every other table.</param>
/// <param name="NumEmployeur">The employer's social-security number (numéro d'employeur) printed on its documents.</param>
/// <param name="NumRc">The commercial-registry number the employer gave at affiliation.</param>
/// <param name="DateReprise">
/// When the account's history was taken over into the current system: periods before that month were settled
/// during the migration and carry no balance here. Null when the account was opened in the current system.
/// </param>
/// <param name="DateCloture">When the fund struck the account off (cessation, radiation); null while open.</param>
/// <param name="PrelevementAutomatique">Whether the employer signed an automatic-debit mandate.</param>
public sealed record CompteEmployeur(
    int IdCompte,
    string NumEmployeur,
    string NumRc,
    string RaisonSociale,
    string CodeWilaya,
    DateOnly DateAffiliation,
    DateOnly? DateReprise,
    DateOnly? DateCloture,
    bool PrelevementAutomatique,
    DateTime MajLe);

/// <summary>A monthly declaration of wages and contributions (bordereau de déclaration), table <c>declarations</c>.</summary>
/// <param name="MasseSalariale">The declared wage bill, in centimes.</param>
/// <param name="CotisationDue">The contributions due on that wage bill, in centimes.</param>
/// <param name="DateDepot">When the declaration was filed.</param>
public readonly record struct DeclarationMensuelle(
    int IdCompte,
    short Annee,
    short Mois,
    int NbSalaries,
    long MasseSalariale,
    long CotisationDue,
    DateOnly DateDepot,
    DateTime MajLe);

/// <summary>A payment of contributions for one period (versement), table <c>versements</c>.</summary>
/// <param name="NumOrdre">Rank of the payment among the period's payments (a period may be paid in several goes).</param>
/// <param name="Montant">In centimes.</param>
/// <param name="ModeVersement">How it was paid: see <see cref="ModesVersement"/>.</param>
public readonly record struct Versement(
    int IdCompte,
    short Annee,
    short Mois,
    short NumOrdre,
    long Montant,
    DateOnly DateVersement,
    char ModeVersement,
    DateTime MajLe);

/// <summary>The fund's payment methods (mode_versement).</summary>
public static class ModesVersement
{
    public const char Cheque = 'C';
    public const char Virement = 'V';
    public const char PrelevementAutomatique = 'P';
    public const char Numeraire = 'N';
}

/// <summary>A late-payment penalty (majoration de retard) on one period, table <c>majorations</c>.</summary>
/// <param name="Montant">In centimes.</param>
/// <param name="DateNotification">When the fund notified the employer of the penalty.</param>
/// <param name="DatePaiement">When the penalty was paid; null while unpaid.</param>
public readonly record struct Majoration(
    int IdCompte,
    short Annee,
    short Mois,
    long Montant,
    DateOnly DateNotification,
    DateOnly? DatePaiement,
    DateTime MajLe);

/// <summary>
/// A payment plan (échéancier) granted on an employer's debts, table <c>echeanciers</c>: it reschedules the
/// contributions of the periods from (AnneeDebut, MoisDebut) to (AnneeFin, MoisFin) inclusive, and suspends
/// the penalties on those periods while it is honoured.
/// </summary>
/// <param name="MontantTotal">The rescheduled debt, in centimes.</param>
public readonly record struct Echeancier(
    int NumEcheancier,
    int IdCompte,
    DateOnly DateAccord,
    short AnneeDebut,
    short MoisDebut,
    short AnneeFin,
    short MoisFin,
    long MontantTotal,
    DateTime MajLe);

/// <summary>One instalment (échéance) of a payment plan, table <c>echeances</c>.</summary>
/// <param name="Rang">1 for the first instalment.</param>
/// <param name="Montant">In centimes.</param>
/// <param name="DatePaiement">Null while unpaid.</param>
public readonly record struct Echeance(
    int NumEcheancier,
    short Rang,
    DateOnly DateEcheance,
    long Montant,
    DateOnly? DatePaiement,
    DateTime MajLe);

/// <summary>An insured person (assuré social), table <c>assures</c>.</summary>
/// <param name="NumAssure">The 12-digit social-security number.</param>
/// <param name="Sexe">'M' or 'F'.</param>
/// <param name="Nationalite">ISO 3166 alpha-3 code, "DZA" for Algerians.</param>
/// <param name="NumEmployeur">The current employer's number; null when no affiliated employer declares the person.</param>
public readonly record struct Assure(
    string NumAssure,
    string Nom,
    string Prenom,
    DateOnly DateNaissance,
    char Sexe,
    string Nationalite,
    string? NumEmployeur,
    DateOnly DateImmatriculation,
    DateTime MajLe);

/// <summary>Everything the fund holds on one employer's account: the input of a standing computation.</summary>
public sealed record DossierEmployeur(
    CompteEmployeur Compte,
    IReadOnlyList<DeclarationMensuelle> Declarations,
    IReadOnlyList<Versement> Versements,
    IReadOnlyList<Majoration> Majorations,
    IReadOnlyList<Echeancier> Echeanciers,
    IReadOnlyList<Echeance> Echeances);
