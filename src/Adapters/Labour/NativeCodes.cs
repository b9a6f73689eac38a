namespace Interop.Adapters.Labour;

/// <summary>Codes of <c>travailleur_etranger.type_document</c>.</summary>
public static class TypeDocument
{
    public const string Passeport = "PP";
    public const string TitreVoyageRefugie = "TR";
    public const string LaissezPasser = "LP";
}

/// <summary>Codes of <c>permis_travail.statut</c>.</summary>
public static class CodeStatut
{
    public const string Deposee = "DP";
    public const string AccordInitial = "AI";
    public const string AccordPrealable = "AP";
    public const string Delivre = "DL";
    public const string Renouvele = "RN";
    public const string Expire = "EX";
    public const string Retire = "RT";
    public const string Rejete = "RJ";
}

/// <summary>Codes of <c>etape_permis.code_etape</c>.</summary>
public static class CodeEtape
{
    public const string Depot = "DEP";
    public const string AccordInitial = "AIN";
    public const string AccordPrealable = "APR";
    /// <summary>The director general's endorsement; the application stays at prior approval until the minister signs.</summary>
    public const string VisaDirecteurGeneral = "VDG";
    public const string SignatureMinistre = "SIG";
    public const string Renouvellement = "REN";
    public const string Expiration = "EXP";
    public const string Retrait = "RET";
    public const string Rejet = "REJ";
}

/// <summary>Codes of <c>etape_permis.code_role</c>: who signed the step.</summary>
public static class CodeRole
{
    public const string ChefDepartement = "CD";
    public const string ChefService = "CS";
    public const string DirecteurGeneral = "DG";
    public const string Ministre = "MT";
}
