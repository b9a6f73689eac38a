using Interop.Contributions.V1;
using Interop.Ports;

namespace Interop.Adapters.SocialSecurity;

/// <summary>The fund's standing computed from rows held in memory (the sandbox's fund).</summary>
public sealed class InMemoryContributionStanding : IContributionStanding
{
    private readonly Dictionary<string, DossierEmployeur> _dossiersByRegistryNumber;

    public InMemoryContributionStanding(SocialSecurityData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var declarations = GroupBy(data.Declarations, d => d.IdCompte);
        var versements = GroupBy(data.Versements, v => v.IdCompte);
        var majorations = GroupBy(data.Majorations, m => m.IdCompte);
        var echeanciers = GroupBy(data.Echeanciers, e => e.IdCompte);
        var accountOfPlan = new Dictionary<int, int>();
        foreach (var (idCompte, plans) in echeanciers)
        {
            foreach (var plan in plans)
            {
                accountOfPlan[plan.NumEcheancier] = idCompte;
            }
        }

        var echeances = GroupBy(data.Echeances.Where(e => accountOfPlan.ContainsKey(e.NumEcheancier)), e => accountOfPlan[e.NumEcheancier]);

        _dossiersByRegistryNumber = new Dictionary<string, DossierEmployeur>(StringComparer.Ordinal);
        foreach (var compte in data.Employeurs)
        {
            _dossiersByRegistryNumber[compte.NumRc] = new DossierEmployeur(
                compte,
                RowsOf(declarations, compte.IdCompte),
                RowsOf(versements, compte.IdCompte),
                RowsOf(majorations, compte.IdCompte),
                RowsOf(echeanciers, compte.IdCompte),
                RowsOf(echeances, compte.IdCompte));
        }
    }

    public Task<Sourced<Standing>?> GetStandingAsync(string registryNumber, DateOnly asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registryNumber);
        cancellationToken.ThrowIfCancellationRequested();
        Sourced<Standing>? standing = _dossiersByRegistryNumber.TryGetValue(registryNumber, out var dossier)
            ? SocialSecurityMapper.ToSourcedStanding(dossier, asOf)
            : null;
        return Task.FromResult(standing);
    }

    private static Dictionary<int, List<T>> GroupBy<T>(IEnumerable<T> rows, Func<T, int> idCompte)
    {
        var groups = new Dictionary<int, List<T>>();
        foreach (var row in rows)
        {
            var key = idCompte(row);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
            }

            group.Add(row);
        }

        return groups;
    }

    private static IReadOnlyList<T> RowsOf<T>(Dictionary<int, List<T>> groups, int idCompte) =>
        groups.TryGetValue(idCompte, out var rows) ? rows : [];
}
