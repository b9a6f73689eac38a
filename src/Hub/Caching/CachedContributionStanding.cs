using System.Globalization;
using Interop.Contributions.V1;
using Interop.Ports;

namespace Interop.Hub.Caching;

/// <summary>The Social Security Fund's standings through the hub's cache: one entry per as-of date, evicted together.</summary>
internal sealed class CachedContributionStanding(IContributionStanding standing, HubCache cache) : IContributionStanding
{
    public Task<Sourced<Standing>?> GetStandingAsync(string registryNumber, DateOnly asOf, CancellationToken cancellationToken) =>
        cache.GetAsync(
            cache.Spaces.Standings,
            registryNumber,
            asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ct => standing.GetStandingAsync(registryNumber, asOf, ct),
            cancellationToken);
}
