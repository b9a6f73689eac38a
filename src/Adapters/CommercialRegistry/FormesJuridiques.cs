namespace Interop.Adapters.CommercialRegistry;

/// <summary>The registry's legal-form codes (<c>rc_entreprise.forme_juridique</c>).</summary>
public static class FormesJuridiques
{
    /// <summary>Entreprise individuelle: a natural person trading in their own name.</summary>
    public const string EntrepriseIndividuelle = "EI";

    /// <summary>Société à responsabilité limitée.</summary>
    public const string Sarl = "SARL";

    /// <summary>Entreprise unipersonnelle à responsabilité limitée.</summary>
    public const string Eurl = "EURL";

    /// <summary>Société par actions.</summary>
    public const string Spa = "SPA";

    /// <summary>Société en nom collectif.</summary>
    public const string Snc = "SNC";

    /// <summary>Établissement public à caractère industriel et commercial.</summary>
    public const string Epic = "EPIC";

    /// <summary>Établissement public à caractère administratif.</summary>
    public const string Epa = "EPA";
}
