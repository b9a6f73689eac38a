namespace Interop.Hub.ExchangeLog;

/// <summary>
/// A write to the PostgreSQL log, gathered record by record: the COPY rows, the leaf hashes and the summary of each
/// batch, and the days the records fall on (their partitions). Keeps no record, only the few strings summaries list.
/// </summary>
internal sealed class PostgresExchangeWrite(int batchSize) : IExchangeWrite
{
    private readonly ExchangeCopyRows _rows = new();
    private readonly ExchangeLeaves _leaves = new();
    private readonly List<BatchSummary.Builder> _summaries = [];
    private readonly HashSet<DateOnly> _days = [];

    public int Count => _rows.Count;

    public int BatchCount => _summaries.Count;

    public IReadOnlyCollection<DateOnly> Days => _days;

    /// <summary>The day of the last record added.</summary>
    public DateOnly LastDay { get; private set; }

    /// <summary>
    /// The chain's head when an attempt at this write first reached its commit, set just before it: a commit whose
    /// answer was lost (the connection dropped after the server committed) leaves the write stored, and the retry
    /// looks for it among the checkpoints after this head instead of storing it a second time.
    /// </summary>
    public long? CommitTriedAfter { get; set; }

    public void Add(in ExchangeRecord record)
    {
        if (Count % batchSize == 0)
        {
            _summaries.Add(new BatchSummary.Builder());
        }

        _summaries[^1].Add(record);
        _rows.Add(record);
        _leaves.Add(record);
        var day = DateOnly.FromDateTime(record.StartTime.UtcDateTime);
        if (day != LastDay)
        {
            _days.Add(day);
            LastDay = day;
        }
    }

    public BatchSeal Seal(int batch) => _leaves.Seal(batch * batchSize, BatchLength(batch));

    public BatchSummary Summary(int batch) => _summaries[batch].Build();

    /// <summary>The COPY stream, each row under the checkpoint of its batch, the first batch's being <paramref name="firstSequence"/>.</summary>
    public ReadOnlyMemory<byte> CopyRows(long firstSequence)
    {
        _rows.Seal(firstSequence, batchSize);
        return _rows.Bytes;
    }

    public void Dispose()
    {
        _rows.Dispose();
        _leaves.Dispose();
    }

    private int BatchLength(int batch) => Math.Min(batchSize, Count - (batch * batchSize));
}
