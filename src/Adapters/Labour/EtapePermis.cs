namespace Interop.Adapters.Labour;

/// <summary>A row of <c>etape_permis</c>: one step in the life of an application, numbered from 1.</summary>
/// <param name="CodeEtape">One of <see cref="CodeEtape"/>'s codes.</param>
/// <param name="CodeRole">One of <see cref="CodeRole"/>'s codes; null when nobody decided (filing, expiry).</param>
/// <param name="DateDecision">When the step happened (UTC).</param>
public sealed record EtapePermis(
    string NumeroPermis,
    short NumOrdre,
    string CodeEtape,
    string? CodeRole,
    DateTimeOffset DateDecision);
