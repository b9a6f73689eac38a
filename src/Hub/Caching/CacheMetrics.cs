using System.Diagnostics.Metrics;

namespace Interop.Hub.Caching;

/// <summary>Counters of the cache, under the meter "Interop.Hub.Cache".</summary>
public sealed class CacheMetrics
{
    public const string MeterName = "Interop.Hub.Cache";

    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _evictions;
    private readonly Counter<long> _withoutSecondLevel;

    public CacheMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _hits = meter.CreateCounter<long>("interop.cache.hits", description: "Answers served from the cache, by kind and level (l1, l2).");
        _misses = meter.CreateCounter<long>("interop.cache.misses", description: "Answers the agency had to give, by kind.");
        _errors = meter.CreateCounter<long>("interop.cache.errors", description: "Redis operations that failed or were skipped while Redis was down.");
        _evictions = meter.CreateCounter<long>("interop.cache.evictions", description: "Groups of entries evicted on an agency's change, by agency.");
        _withoutSecondLevel = meter.CreateCounter<long>(
            "interop.cache.redis_unavailable",
            description: "Lookups that missed the first level while Redis was configured but down or catching up, by kind: answered by the agency.");
    }

    public void Hit(string kind, string level) =>
        _hits.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("level", level));

    public void Miss(string kind) => _misses.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void WithoutSecondLevel(string kind) => _withoutSecondLevel.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Error(string operation) => _errors.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void Evicted(string agency, int groups) => _evictions.Add(groups, new KeyValuePair<string, object?>("agency", agency));
}
