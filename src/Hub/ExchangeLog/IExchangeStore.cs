using Interop.Hub.V1;
using Interop.Ledger;

namespace Interop.Hub.ExchangeLog;

/// <summary>Where exchange records are kept: the hub's PostgreSQL database, or memory in the sandbox.</summary>
public interface IExchangeStore
{
    /// <summary>Prepares the store (schema, partitions); safe to call again after a failure.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>A write to gather records into, as they arrive, in the form this store writes them.</summary>
    IExchangeWrite StartWrite();

    /// <summary>
    /// Stores a write's records at once, in consecutive batches of at most the store's batch size, each sealed by a
    /// signed checkpoint chained to the previous one; either every record and checkpoint is stored or, on failure,
    /// nothing, and the same write may be tried again.
    /// </summary>
    /// <param name="write">From this store's <see cref="StartWrite"/>.</param>
    /// <returns>The chain's new head (its last checkpoint); null when there are no records.</returns>
    Task<ChainHead?> WriteAsync(IExchangeWrite write, CancellationToken cancellationToken);

    /// <summary>One page of the exchanges the query's agency took part in, newest first.</summary>
    Task<ExchangePage> ListAsync(ExchangeQuery query, CancellationToken cancellationToken);

    /// <returns>The exchange, or null when it does not exist or <paramref name="agencyCode"/> took no part in it.</returns>
    Task<ExchangeRecord?> FindAsync(Guid exchangeId, string agencyCode, CancellationToken cancellationToken);

    /// <returns>The exchange with its checkpoint, or null as for <see cref="FindAsync"/>.</returns>
    Task<StoredReceipt?> FindReceiptAsync(Guid exchangeId, string agencyCode, CancellationToken cancellationToken);

    /// <returns>The day the exchange would be logged on, when that day was archived out of the store (<c>interop log archive</c>); else null.</returns>
    Task<DateOnly?> ArchivedDayAsync(Guid exchangeId, CancellationToken cancellationToken);
}

/// <summary>
/// Records gathered for one write, kept in the form the store writes them (for PostgreSQL, COPY rows and leaf
/// hashes) rather than as records: the writer takes records from the queue as they come, so the strings a record
/// holds die young instead of waiting in the queue for the next write.
/// </summary>
public interface IExchangeWrite : IDisposable
{
    int Count { get; }

    void Add(in ExchangeRecord record);
}

public static class ExchangeStoreExtensions
{
    /// <summary>Stores these records in one write (see <see cref="IExchangeStore.WriteAsync(IExchangeWrite, CancellationToken)"/>).</summary>
    public static async Task<ChainHead?> WriteAsync(this IExchangeStore store, ReadOnlyMemory<ExchangeRecord> records, CancellationToken cancellationToken)
    {
        using var write = store.StartWrite();
        for (var i = 0; i < records.Length; i++)
        {
            write.Add(records.Span[i]);
        }

        return await store.WriteAsync(write, cancellationToken);
    }
}

/// <summary>A stored exchange with the checkpoint of its batch and the batch's entry list.</summary>
public sealed record StoredReceipt(ExchangeRecord Record, SignedCheckpoint Checkpoint, byte[] Entries);

/// <summary>
/// Which exchanges an agency asks for. Every bound is optional except the page size; a null agency means the
/// exchanges of every agency (the subject access report).
/// </summary>
/// <param name="After">The position (start time, exchange id) of the last exchange of the previous page.</param>
public sealed record ExchangeQuery(
    string? AgencyCode,
    int PageSize,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? SubjectId = null,
    Guid? ExchangeId = null,
    (DateTimeOffset StartTime, Guid ExchangeId)? After = null)
{
    /// <summary>Whether a record falls within the query's filters and after its position (visibility aside).</summary>
    public bool Matches(in ExchangeRecord record) =>
        (From is not { } from || record.StartTime >= from)
        && (To is not { } to || record.StartTime < to)
        && (SubjectId is null || record.SubjectIds.Contains(SubjectId, StringComparer.Ordinal))
        && (ExchangeId is not { } id || record.ExchangeId == id)
        && (After is not { } after || IsBefore(record, after));

    /// <summary>Newest first: by start time, then by exchange id, both descending.</summary>
    public static int CompareNewestFirst(in ExchangeRecord left, in ExchangeRecord right)
    {
        var byTime = right.StartTime.CompareTo(left.StartTime);
        return byTime != 0 ? byTime : CompareIds(right.ExchangeId, left.ExchangeId);
    }

    private static bool IsBefore(in ExchangeRecord record, (DateTimeOffset StartTime, Guid ExchangeId) position) =>
        record.StartTime < position.StartTime
        || (record.StartTime == position.StartTime && CompareIds(record.ExchangeId, position.ExchangeId) < 0);

    /// <summary>PostgreSQL's uuid order: the bytes in their textual (big-endian) order.</summary>
    private static int CompareIds(Guid left, Guid right) => left.CompareTo(right);
}

/// <param name="HasMore">Whether more exchanges follow the last one of this page.</param>
public sealed record ExchangePage(IReadOnlyList<ExchangeRecord> Records, bool HasMore);
