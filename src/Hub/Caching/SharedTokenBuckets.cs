namespace Interop.Hub.Caching;

/// <summary>
/// Token buckets kept in the hub's Redis, so that every hub instance draws on the same bucket: a limit holds however
/// many instances run behind the load balancer. Refilled by elapsed time at Redis's own clock.
/// </summary>
public sealed class SharedTokenBuckets
{
    /// <summary>Refills, takes the tokens asked for if there are as many; answers {taken, seconds to wait}.</summary>
    private const string TakeTokenScript = """
        local rate = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local wanted = tonumber(ARGV[3]) or 1
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
        local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(bucket[1]) or burst
        local at = tonumber(bucket[2]) or now
        tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
        local taken = 0
        local wait = 0
        if tokens >= wanted then
            tokens = tokens - wanted
            taken = 1
        else
            wait = (wanted - tokens) / rate
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
        redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
        return {taken, tostring(wait)}
        """;

    private readonly SecondLevelCache _redis;
    private readonly string _keyPrefix;

    internal SharedTokenBuckets(SecondLevelCache redis, string keyPrefix)
    {
        _redis = redis;
        _keyPrefix = keyPrefix;
    }

    /// <summary>Takes <paramref name="tokens"/> tokens from bucket <paramref name="name"/>, all or none; null when Redis cannot answer (use a local bucket then).</summary>
    /// <param name="perSecond">Tokens added per second.</param>
    /// <param name="burst">Most tokens the bucket holds (a full bucket is where a new one starts).</param>
    public async Task<(bool Taken, TimeSpan RetryAfter)?> TryTakeAsync(string name, double perSecond, int burst, int tokens = 1)
    {
        var answer = await _redis.EvaluateAsync(
            TakeTokenScript,
            [string.Concat(_keyPrefix, name)],
            [perSecond.ToString("R", System.Globalization.CultureInfo.InvariantCulture), burst, tokens]);
        if (answer is null)
        {
            return null;
        }

        var values = (StackExchange.Redis.RedisResult[])answer!;
        var wait = double.Parse((string)values[1]!, System.Globalization.CultureInfo.InvariantCulture);
        return ((long)values[0] == 1, TimeSpan.FromSeconds(Math.Max(wait, 0.001)));
    }
}
