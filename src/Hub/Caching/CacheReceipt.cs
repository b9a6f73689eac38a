namespace Interop.Hub.Caching;

/// <summary>
/// Whether the cache served the answer of a port call, and when that answer was fetched: the only way to tell it for
/// an answer that holds no record (an empty list, "not found"), as only records carry <see cref="Sourced{T}.CachedAt"/>.
/// </summary>
/// <remarks>
/// Ambient, because the ports answer "nothing" as an empty list or null, which cannot carry a time, and giving every
/// port and adapter a wrapper type for it would change them all for the sake of the cache. The codecs, which see
/// every answer the cache serves, write into the receipt the caller opened; a call made without one is not affected.
/// </remarks>
internal sealed class CacheReceipt
{
    private static readonly AsyncLocal<CacheReceipt?> _current = new();

    private readonly Lock _lock = new();
    private bool _served;
    private bool _fetchedLive;
    private DateTimeOffset _oldest = DateTimeOffset.MaxValue;

    /// <summary>
    /// When the oldest answer served was fetched, if every answer came from the cache; null if any was fetched from
    /// its agency by this call, or if the call never went through the cache.
    /// </summary>
    public DateTimeOffset? CachedAt
    {
        get
        {
            lock (_lock)
            {
                return _served && !_fetchedLive ? _oldest : null;
            }
        }
    }

    /// <summary>Runs <paramref name="call"/> with a receipt that the cache fills in, and returns its answer with the receipt's cache time.</summary>
    public static async Task<(T Answer, DateTimeOffset? CachedAt)> WatchAsync<T>(Func<Task<T>> call)
    {
        // Set inside an async method: the calls below see the receipt, and the caller's context is restored when it returns.
        var receipt = new CacheReceipt();
        _current.Value = receipt;
        var answer = await call();
        return (answer, receipt.CachedAt);
    }

    /// <summary>An answer was served: from the cache when <paramref name="cachedAt"/> is set, else fetched from its agency.</summary>
    public static void Served(DateTimeOffset? cachedAt)
    {
        if (_current.Value is not { } receipt)
        {
            return;
        }

        lock (receipt._lock)
        {
            receipt._served = true;
            if (cachedAt is { } at)
            {
                receipt._oldest = at < receipt._oldest ? at : receipt._oldest;
            }
            else
            {
                receipt._fetchedLive = true;
            }
        }
    }
}
