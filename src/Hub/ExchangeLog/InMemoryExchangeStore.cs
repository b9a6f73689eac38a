using Interop.Hub.V1;
using Interop.Ledger;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// The sandbox's exchange log: the last records in a ring, so <c>interop log</c> works without a database, sealed
/// into signed checkpoints like the database's so that receipts work too. Nothing survives a restart, which is
/// why a live hub is given a connection string.
/// </summary>
/// <param name="batchSize">Most records sealed by one checkpoint.</param>
public sealed class InMemoryExchangeStore(int capacity, CheckpointSigner signer, int batchSize = ExchangeLogOptions.DefaultBatchSize) : IExchangeStore
{
    private readonly Slot[] _ring = new Slot[capacity];
    private readonly Dictionary<long, (SignedCheckpoint Checkpoint, byte[] Entries)> _checkpoints = [];
    private readonly Lock _lock = new();
    private long _written;
    private long _sequence;
    private byte[] _head = [];

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public IExchangeWrite StartWrite() => new GatheredRecords();

    public Task<ChainHead?> WriteAsync(IExchangeWrite write, CancellationToken cancellationToken)
    {
        var gathered = write as GatheredRecords ?? throw new ArgumentException("The write was not started by this store.", nameof(write));
        ChainHead? head = null;
        foreach (var batch in ExchangeBatches.Of(gathered.Records, batchSize))
        {
            head = WriteBatch(batch.Span);
        }

        return Task.FromResult(head);
    }

    private ChainHead WriteBatch(ReadOnlySpan<ExchangeRecord> batch)
    {
        var seal = BatchSeal.Of(batch);
        ChainHead head;
        lock (_lock)
        {
            var signed = signer.Sign(seal, ++_sequence, _head);
            _head = signed.Checkpoint.ToByteArray();
            head = ChainHead.Of(_sequence, _head);
            _checkpoints[_sequence] = (signed, seal.Entries);
            foreach (var record in batch)
            {
                _ring[_written++ % _ring.Length] = new Slot(record, _sequence);
            }

            // Checkpoints older than the oldest record kept have nothing left to prove.
            var oldest = _ring[_written < _ring.Length ? 0 : _written % _ring.Length].Sequence;
            var older = oldest - 1;
            while (_checkpoints.Remove(older))
            {
                older--;
            }
        }

        return head;
    }

    public Task<ExchangePage> ListAsync(ExchangeQuery query, CancellationToken cancellationToken)
    {
        var matches = new List<ExchangeRecord>();
        lock (_lock)
        {
            foreach (var slot in Kept())
            {
                if ((query.AgencyCode is null || slot.Record.Involves(query.AgencyCode)) && query.Matches(slot.Record))
                {
                    matches.Add(slot.Record);
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
            return Task.FromResult(Find(exchangeId, agencyCode)?.Record);
        }
    }

    /// <summary>Nothing is archived out of memory: the oldest records are simply dropped.</summary>
    public Task<DateOnly?> ArchivedDayAsync(Guid exchangeId, CancellationToken cancellationToken) => Task.FromResult<DateOnly?>(null);

    public Task<StoredReceipt?> FindReceiptAsync(Guid exchangeId, string agencyCode, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Find(exchangeId, agencyCode) is { } slot && _checkpoints.TryGetValue(slot.Sequence, out var checkpoint)
                ? new StoredReceipt(slot.Record, checkpoint.Checkpoint, checkpoint.Entries)
                : null);
        }
    }

    private Slot? Find(Guid exchangeId, string agencyCode)
    {
        foreach (var slot in Kept())
        {
            if (slot.Record.ExchangeId == exchangeId && slot.Record.Involves(agencyCode))
            {
                return slot;
            }
        }

        return null;
    }

    private IEnumerable<Slot> Kept()
    {
        var count = (int)Math.Min(_written, _ring.Length);
        for (var i = 0; i < count; i++)
        {
            yield return _ring[i];
        }
    }

    private readonly record struct Slot(ExchangeRecord Record, long Sequence);

    /// <summary>In memory the records are kept as they are.</summary>
    private sealed class GatheredRecords : IExchangeWrite
    {
        private readonly List<ExchangeRecord> _records = [];

        public int Count => _records.Count;

        public ReadOnlyMemory<ExchangeRecord> Records => _records.ToArray();

        public void Add(in ExchangeRecord record) => _records.Add(record);

        public void Dispose()
        {
        }
    }
}
