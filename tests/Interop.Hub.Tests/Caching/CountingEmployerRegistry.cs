using System.Collections.Concurrent;
using Interop.Employers.V1;
using Interop.Ports;

namespace Interop.Hub.Tests.Caching;

/// <summary>Stands between the hub's cache and the registry's real adapter, counting the calls per registry number.</summary>
public sealed class CountingEmployerRegistry(IEmployerRegistry registry) : IEmployerRegistry
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public int CallsFor(string registryNumber) => _calls.GetValueOrDefault(registryNumber);

    public Task<Sourced<Employer>?> GetEmployerAsync(string registryNumber, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(registryNumber, 1, (_, calls) => calls + 1);
        return registry.GetEmployerAsync(registryNumber, cancellationToken);
    }

    public Task<IReadOnlyList<Sourced<Employer>?>> GetEmployersAsync(IReadOnlyList<string> registryNumbers, CancellationToken cancellationToken)
    {
        foreach (var registryNumber in registryNumbers)
        {
            _calls.AddOrUpdate(registryNumber, 1, (_, calls) => calls + 1);
        }

        return registry.GetEmployersAsync(registryNumbers, cancellationToken);
    }
}
