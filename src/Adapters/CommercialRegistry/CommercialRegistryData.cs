namespace Interop.Adapters.CommercialRegistry;

/// <summary>The registry's rows, table by table; sequences may be lazy and are enumerated once per load.</summary>
public sealed record CommercialRegistryData(IEnumerable<RcWilaya> Wilayas, IEnumerable<RcEntreprise> Entreprises);
