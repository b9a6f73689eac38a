using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Interop.Hub.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interop.Hub.Access;

/// <summary>
/// One token bucket per grant and calling system. With Redis (<c>Cache:Redis</c>) the bucket is in Redis, shared by
/// every hub instance, so the grant's rate holds however many instances run behind the load balancer; without Redis,
/// or while it is unreachable, each instance keeps its own bucket in memory (N instances then allow up to N times the
/// rate, rather than refusing calls because a counter cannot be reached).
/// </summary>
public sealed class GrantRateLimiters : IDisposable
{
    /// <summary>Refills by elapsed time at Redis's own clock, takes one token if there is one; answers {taken, seconds to wait}.</summary>
    private const string TakeTokenScript = """
        local rate = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
        local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(bucket[1]) or burst
        local at = tonumber(bucket[2]) or now
        tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
        local taken = 0
        local wait = 0
        if tokens >= 1 then
            tokens = tokens - 1
            taken = 1
        else
            wait = (1 - tokens) / rate
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
        redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
        return {taken, tostring(wait)}
        """;

    private readonly ConcurrentDictionary<(string GrantId, string System), TokenBucketRateLimiter> _limiters = new();
    private readonly AccessRules _rules;
    private readonly SecondLevelCache _redis;
    private readonly string _keyPrefix;

    internal GrantRateLimiters(AccessRules rules, SecondLevelCache redis, IOptions<CacheOptions> cacheOptions)
    {
        _rules = rules;
        _redis = redis;
        _keyPrefix = $"{cacheOptions.Value.KeyPrefix}:rate:";
        _rules.Changed += DropRevoked;
    }

    /// <summary>Takes a token from the shared bucket in Redis, or from this instance's when Redis cannot answer.</summary>
    /// <exception cref="RateLimitExceededException">The bucket is empty.</exception>
    public async ValueTask AcquireAsync(ActiveGrant grant, string system, string method)
    {
        var limit = grant.Grant.RateLimit!.Value;
        var shared = await _redis.EvaluateAsync(
            TakeTokenScript, [string.Concat(_keyPrefix, grant.Grant.Id, ":", system)], [limit.RequestsPerSecond, limit.Burst]);
        if (shared is null)
        {
            Acquire(grant, system, method);
            return;
        }

        var answer = (RedisResult[])shared!;
        if ((long)answer[0] != 1)
        {
            var wait = double.Parse((string)answer[1]!, System.Globalization.CultureInfo.InvariantCulture);
            throw new RateLimitExceededException(grant.Grant.Name, system, method, TimeSpan.FromSeconds(Math.Max(wait, 0.001)));
        }
    }

    /// <summary>This instance's own bucket.</summary>
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
