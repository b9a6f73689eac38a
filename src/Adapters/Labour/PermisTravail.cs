namespace Interop.Adapters.Labour;

/// <summary>A row of <c>permis_travail</c>: one application for a work permit and, once signed, the permit.</summary>
/// <param name="NumeroPermis">"WP-", year of filing, "-", seven digits.</param>
/// <param name="NumeroSuivi">Tracking number handed to the applicant at filing.</param>
/// <param name="NumRc">Commercial-registry number of the employer.</param>
/// <param name="CodeProfession">ISCO-08 unit group (four digits).</param>
/// <param name="Statut">One of <see cref="CodeStatut"/>'s codes.</param>
/// <param name="DateDebut">First day of validity; null until the minister signs.</param>
/// <param name="DateFin">Last day of validity; null until the minister signs, moved on renewal.</param>
/// <param name="DateMaj">Last change of the row (UTC).</param>
public sealed record PermisTravail(
    string NumeroPermis,
    string NumeroSuivi,
    int IdTravailleur,
    string NumRc,
    string CodeProfession,
    string LibelleProfession,
    string Statut,
    DateOnly DateDepot,
    DateOnly? DateDebut,
    DateOnly? DateFin,
    DateTimeOffset DateMaj);
