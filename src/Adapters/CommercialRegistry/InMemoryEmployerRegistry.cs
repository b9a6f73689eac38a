using Interop.Employers.V1;
using Interop.Ports;

namespace Interop.Adapters.CommercialRegistry;

/// <summary>The registry held in memory (the hub's sandbox): the same rows and mapper as the PostgreSQL backend.</summary>
public sealed class InMemoryEmployerRegistry : IEmployerRegistry
{
    private readonly Dictionary<string, (RcEntreprise Entreprise, RcWilaya Wilaya)> _entreprisesByNumRc;

    public InMemoryEmployerRegistry(CommercialRegistryData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var wilayas = data.Wilayas.ToDictionary(wilaya => wilaya.CodeWilaya);
        _entreprisesByNumRc = new Dictionary<string, (RcEntreprise, RcWilaya)>(StringComparer.Ordinal);
        foreach (var entreprise in data.Entreprises)
        {
            // The same integrity the database's keys enforce.
            if (!wilayas.TryGetValue(entreprise.CodeWilaya, out var wilaya))
            {
                throw new ArgumentException(
                    $"Entreprise {entreprise.NumRc} is in unknown wilaya {entreprise.CodeWilaya}.", nameof(data));
            }

            if (!_entreprisesByNumRc.TryAdd(entreprise.NumRc, (entreprise, wilaya)))
            {
                throw new ArgumentException($"Registry number {entreprise.NumRc} appears twice.", nameof(data));
            }
        }
    }

    public Task<Sourced<Employer>?> GetEmployerAsync(string registryNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registryNumber);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Find(registryNumber));
    }

    public Task<IReadOnlyList<Sourced<Employer>?>> GetEmployersAsync(
        IReadOnlyList<string> registryNumbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registryNumbers);
        cancellationToken.ThrowIfCancellationRequested();
        var results = new Sourced<Employer>?[registryNumbers.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = Find(registryNumbers[i]);
        }

        return Task.FromResult<IReadOnlyList<Sourced<Employer>?>>(results);
    }

    // Mapped on every call: callers get their own messages, as from the database.
    private Sourced<Employer>? Find(string registryNumber) =>
        _entreprisesByNumRc.TryGetValue(registryNumber, out var row)
            ? CommercialRegistryMapper.ToSourcedEmployer(row.Entreprise, row.Wilaya)
            : null;
}
