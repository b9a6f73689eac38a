namespace Interop.Adapters.CommercialRegistry;

/// <summary>One row of the registry's <c>rc_wilaya</c> reference table: an administrative region.</summary>
/// <param name="CodeWilaya">Official wilaya number, 1 to 48.</param>
/// <param name="LibelleWilaya">Name in Latin script, e.g. "Alger".</param>
/// <param name="LibelleWilayaAr">Name in Arabic script.</param>
public sealed record RcWilaya(short CodeWilaya, string LibelleWilaya, string LibelleWilayaAr);
