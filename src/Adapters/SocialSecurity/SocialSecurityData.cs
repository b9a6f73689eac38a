namespace Interop.Adapters.SocialSecurity;

/// <summary>The fund's rows, one (lazy) sequence per table.</summary>
public sealed record SocialSecurityData(
    IEnumerable<CompteEmployeur> Employeurs,
    IEnumerable<DeclarationMensuelle> Declarations,
    IEnumerable<Versement> Versements,
    IEnumerable<Majoration> Majorations,
    IEnumerable<Echeancier> Echeanciers,
    IEnumerable<Echeance> Echeances,
    IEnumerable<Assure> Assures);
