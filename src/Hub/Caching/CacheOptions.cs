namespace Interop.Hub.Caching;

/// <summary>The cache in front of the agencies (section "Cache"). With no Redis there is only the first level.</summary>
public sealed class CacheOptions
{
    public const string Section = "Cache";

    /// <summary>StackExchange.Redis configuration of the shared second level, e.g. "127.0.0.1:6379"; empty: none.</summary>
    public string? Redis { get; set; }

    /// <summary>First segment of every Redis key and channel, so that hubs of different deployments can share a server.</summary>
    public string KeyPrefix { get; set; } = "interop";

    /// <summary>How long a Redis operation may take before the hub gives up on it and asks the agency.</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    public FirstLevelCacheOptions FirstLevel { get; set; } = new();

    public CacheTtlOptions Ttl { get; set; } = new();

    /// <summary>How long "no such record" is remembered: short, as a record may be created at any moment.</summary>
    public TimeSpan NegativeTtl { get; set; } = TimeSpan.FromSeconds(10);

    public bool HasSecondLevel => !string.IsNullOrWhiteSpace(Redis);
}

/// <summary>The in-process first level, for hot keys.</summary>
public sealed class FirstLevelCacheOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Entries held at most; past that, expired entries and then arbitrary ones are dropped.</summary>
    public int MaxEntries { get; set; } = 100_000;
}

/// <summary>How long an answer may be served from the cache, per service. Changes evict sooner: this is the backstop.</summary>
public sealed class CacheTtlOptions
{
    public TimeSpan Employers { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan Standing { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan Permits { get; set; } = TimeSpan.FromMinutes(5);
}
