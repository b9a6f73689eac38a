namespace Interop.Adapters.Labour;

/// <summary>A row of <c>travailleur_etranger</c>: a foreign worker as the ministry registers him.</summary>
/// <param name="TypeDocument">One of <see cref="TypeDocument"/>'s codes.</param>
/// <param name="CodeNationalite">ISO 3166-1 alpha-3 of the country that issued the document.</param>
/// <param name="DateMaj">Last change of the row (UTC).</param>
public sealed record TravailleurEtranger(
    int IdTravailleur,
    string TypeDocument,
    string NumDocument,
    string CodeNationalite,
    string Nom,
    string Prenoms,
    DateOnly DateNaissance,
    DateTimeOffset DateMaj);
