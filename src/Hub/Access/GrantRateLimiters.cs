using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Interop.Hub.Caching;

namespace Interop.Hub.Access;

/// <summary>
/// One token bucket per grant and calling system. With Redis (<c>Cache:Redis</c>) the bucket is in Redis, shared by
/// every hub instance, so the grant's rate holds however many instances run behind the load balancer; without Redis,
/// or while it is unreachable, each instance keeps its own bucket in memory (N instances then allow up to N times the
/// rate, rather than refusing calls because a counter cannot be reached).
/// </summary>
public sealed class GrantRateLimiters : IDisposable
{
    private readonly ConcurrentDictionary<(string GrantId, string System), TokenBucketRateLimiter> _limiters = new();
    private readonly AccessRules _rules;
    private readonly SharedTokenBuckets _shared;

    public GrantRateLimiters(AccessRules rules, SharedTokenBuckets shared)
    {
        _rules = rules;
        _shared = shared;
        _rules.Changed += DropRevoked;
    }

    /// <summary>
    /// Takes <paramref name="records"/> tokens (a batch counts each record it asks for) from the shared bucket in
    /// Redis, or from this instance's when Redis cannot answer.
    /// </summary>
    /// <exception cref="RateLimitExceededException">The bucket holds fewer tokens, or the batch is larger than it can ever hold.</exception>
    public async ValueTask AcquireAsync(ActiveGrant grant, string system, string method, int records = 1)
    {
        var limit = grant.Grant.RateLimit!.Value;
        if (records > limit.Burst)
        {
            throw new RateLimitExceededException(grant.Grant.Name, system, method, records, limit.Burst);
        }

        switch (await _shared.TryTakeAsync(string.Concat("grant:", grant.Grant.Id, ":", system), limit.RequestsPerSecond, limit.Burst, records))
        {
            case null:
                Acquire(grant, system, method, records);
                break;
            case { Taken: false } refused:
                throw new RateLimitExceededException(grant.Grant.Name, system, method, refused.RetryAfter);
        }
    }

    /// <summary>This instance's own bucket.</summary>
    /// <exception cref="RateLimitExceededException">The bucket is empty.</exception>
    public void Acquire(ActiveGrant grant, string system, string method, int records = 1)
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

        using var lease = limiter.AttemptAcquire(records);
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
