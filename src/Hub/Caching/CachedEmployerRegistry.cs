using Interop.Employers.V1;
using Interop.Ports;

namespace Interop.Hub.Caching;

/// <summary>The Commercial Registry's employers through the hub's cache.</summary>
internal sealed class CachedEmployerRegistry(IEmployerRegistry registry, HubCache cache) : IEmployerRegistry
{
    public Task<Sourced<Employer>?> GetEmployerAsync(string registryNumber, CancellationToken cancellationToken) =>
        cache.GetAsync(cache.Spaces.Employers, registryNumber, "", ct => registry.GetEmployerAsync(registryNumber, ct), cancellationToken);

    public Task<IReadOnlyList<Sourced<Employer>?>> GetEmployersAsync(
        IReadOnlyList<string> registryNumbers, CancellationToken cancellationToken) =>
        cache.GetManyAsync(cache.Spaces.Employers, registryNumbers, registry.GetEmployersAsync, cancellationToken);
}
