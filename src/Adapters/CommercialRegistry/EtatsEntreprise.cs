namespace Interop.Adapters.CommercialRegistry;

/// <summary>The registry's registration states (<c>rc_entreprise.etat</c>).</summary>
public static class EtatsEntreprise
{
    public const char Active = 'A';

    /// <summary>Suspendue: trading suspended (court order, temporary closure), still on the register.</summary>
    public const char Suspendue = 'S';

    /// <summary>Radiée: struck off the register.</summary>
    public const char Radiee = 'R';
}
