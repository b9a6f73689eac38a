namespace Interop.Hub.ExchangeLog;

/// <summary>
/// The sandbox's exchange log: the last records in a ring, so <c>interop log</c> works without a database.
/// Nothing survives a restart, which is why a live hub is given a connection string.
/// </summary>
public sealed class InMemoryExchangeStore(int capacity) : IExchangeStore
{
    private readonly ExchangeRecord[] _ring = new ExchangeRecord[capacity];
    private readonly Lock _lock = new();
    private long _written;

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WriteBatchAsync(ReadOnlyMemory<ExchangeRecord> batch, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var record in batch.Span)
            {
                _ring[_written++ % _ring.Length] = record;
            }
        }

        return Task.CompletedTask;
    }

    public Task<ExchangePage> ListAsync(ExchangeQuery query, CancellationToken cancellationToken)
    {
        var matches = new List<ExchangeRecord>();
        lock (_lock)
        {
            foreach (var record in Kept())
            {
                if (record.Involves(query.AgencyCode) && query.Matches(record))
                {
                    matches.Add(record);
                }
            }
        }

        matches.Sort(static (left, right) => ExchangeQuery.CompareNewestFirst(left, right));
        var hasMore = matches.Count > query.PageSize;
        return Task.FromResult(new ExchangePage(hasMore ? matches.GetRange(0, query.PageSize) : matches, hasMore));
    }

    public Task<ExchangeRecord?> FindAsync(Guid exchangeId, string agencyCode, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var record in Kept())
            {
                if (record.ExchangeId == exchangeId && record.Involves(agencyCode))
                {
                    return Task.FromResult<ExchangeRecord?>(record);
                }
            }
        }

        return Task.FromResult<ExchangeRecord?>(null);
    }

    private IEnumerable<ExchangeRecord> Kept()
    {
        var count = (int)Math.Min(_written, _ring.Length);
        for (var i = 0; i < count; i++)
        {
            yield return _ring[i];
        }
    }
}
