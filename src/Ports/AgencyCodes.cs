namespace Interop.Ports;

/// <summary>Codes of the agencies whose registries the hub serves today.</summary>
public static class AgencyCodes
{
    public const string CommercialRegistry = "CR";
    public const string SocialSecurityFund = "SSF";
    public const string MinistryOfLabour = "MOL";
}
