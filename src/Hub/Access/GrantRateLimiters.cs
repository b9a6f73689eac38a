using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Interop.Hub.Access;

/// <summary>
/// One token bucket per grant and calling system, in this instance's memory: behind a load balancer each instance
/// allows the grant's rate, so N instances allow up to N times it.
/// </summary>
public sealed class GrantRateLimiters : IDisposable
{
    private readonly ConcurrentDictionary<(string GrantId, string System), TokenBucketRateLimiter> _limiters = new();
    private readonly AccessRules _rules;

    public GrantRateLimiters(AccessRules rules)
    {
        _rules = rules;
        _rules.Changed += DropRevoked;
    }

    /// <exception cref="RateLimitExceededException">The bucket is empty.</exception>
    public void Acquire(ActiveGrant grant, string system, string method)
    {
        var limit = grant.Grant.RateLimit!.Value;
        var key = (grant.Grant.Id, system);
        if (!_limiters.TryGetValue(key, out var limiter))
        {
            // A bucket runs a timer: the one that loses a race to be added is disposed, not left to the collector.
            var created = Create(limit);
            limiter = _limiters.GetOrAdd(key, created);
            if (!ReferenceEquals(limiter, created))
            {
                created.Dispose();
            }
        }

        using var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
            throw new RateLimitExceededException(grant.Grant.Name, system, method, retryAfter);
        }
    }

    public void Dispose()
    {
        _rules.Changed -= DropRevoked;
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    private static TokenBucketRateLimiter Create(GrantRateLimit limit) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = limit.Burst,
        TokensPerPeriod = limit.RequestsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    private void DropRevoked(AccessSnapshot snapshot)
    {
        var active = snapshot.Grants.Select(g => g.Grant.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var key in _limiters.Keys)
        {
            if (!active.Contains(key.GrantId) && _limiters.TryRemove(key, out var limiter))
            {
                limiter.Dispose();
            }
        }
    }
}
