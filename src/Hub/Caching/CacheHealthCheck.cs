using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interop.Hub.Caching;

/// <summary>
/// The cache's state for operators. Never unhealthy: without Redis, or with an agency's change feed interrupted, the
/// hub still answers, from the agencies (slower); that is degraded, and a load balancer keeps the instance.
/// </summary>
internal sealed class CacheHealthCheck(HubCache cache) : IHealthCheck
{
    public const string Name = "cache";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        if (cache.HasSecondLevel && !cache.SecondLevelReady)
        {
            problems.Add("Redis is unreachable or being caught up with: nothing is served from the cache");
        }

        var notLive = HubCache.Agencies.Where(agency => !cache.IsLive(agency)).ToList();
        if (notLive.Count > 0)
        {
            problems.Add($"change feed not live for {string.Join(", ", notLive)}: those agencies' answers bypass the cache");
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy(cache.HasSecondLevel ? "First level and Redis in use." : "First level in use (no Redis configured).")
            : HealthCheckResult.Degraded(string.Join("; ", problems) + "."));
    }
}
