using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Interop.Ports;
using Npgsql;

namespace Interop.Adapters.Outbox;

/// <summary>
/// Follows an agency database's outbox: triggers append one row per changed record to a table whose first
/// column is a <c>bigserial</c> sequence and call <c>pg_notify</c> as a wake-up. The outbox, not the
/// notification, is the truth: notifications are lost while nobody listens, rows are not, so a follower that
/// reconnects reads every row after the last sequence it delivered.
/// </summary>
/// <remarks>
/// One dedicated connection LISTENs; reads of the outbox run on it too, so a broken connection is noticed by
/// the next wait or read. A sequence is taken before its transaction commits, so rows do not become visible in
/// sequence order: a missing sequence below the highest one read (a "hole") belongs to a transaction that was
/// still running, or that rolled back. The feed re-reads its holes every round and forgets one only when every
/// transaction that could own it has finished (the snapshot's xmin has passed the xmax seen when the hole was
/// found); the position it reports never passes an open hole, so a follower that resumes there misses nothing.
/// It may see a change twice, which only costs a second eviction.
/// </remarks>
public abstract class PostgresOutboxFeed : IChangeFeed
{
    /// <summary>Rows read per round trip while catching up.</summary>
    private const int ReadLimit = 1000;

    /// <summary>
    /// The payload the schema scripts notify when they recreate the outbox and when a reload is complete: the
    /// records were replaced without a change being announced.
    /// </summary>
    public const string ResetPayload = "reset";

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan HoleRecheckInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Seconds any read of the feed may take: a connection that died without a word (a network cut) is found out by the
    /// next read failing this soon, not after Npgsql's 30 s, while the agency's cached answers are still being served.
    /// </summary>
    private const int QueryTimeoutSeconds = 3;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _selectChanges;
    private readonly string _selectHoles;
    private readonly string _selectHead;
    private readonly string _listen;

    /// <param name="outboxTable">The outbox; its first column is <c>seq</c>.</param>
    /// <param name="columns">The columns after <c>seq</c> that <see cref="ReadNotices"/> reads, in order.</param>
    /// <param name="channel">The channel the triggers notify.</param>
    protected PostgresOutboxFeed(NpgsqlDataSource dataSource, string agencyCode, string outboxTable, string columns, string channel)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        AgencyCode = agencyCode;
        _selectChanges = $"SELECT seq, {columns} FROM {outboxTable} WHERE seq > $1 ORDER BY seq LIMIT {ReadLimit}";
        _selectHoles = $"SELECT seq, {columns} FROM {outboxTable} WHERE seq = ANY($1) ORDER BY seq";
        _selectHead = $"SELECT coalesce(max(seq), 0) FROM {outboxTable}";
        _listen = $"LISTEN {channel}";
    }

    public string AgencyCode { get; }

    /// <summary>How long the follower waits for a notification before it reads the outbox anyway (and so finds out a dead connection).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public async IAsyncEnumerable<ChangeBatch> FollowAsync(long? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The reader runs on its own so that a failure can be reported as a batch: an iterator cannot yield from a catch.
        var batches = Channel.CreateBounded<ChangeBatch>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(() => RunAsync(after, batches.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
            {
                yield return batch;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await reader;
        }
    }

    /// <summary>The notices of one outbox row; the reader is positioned on it, column 0 is <c>seq</c>.</summary>
    protected abstract IEnumerable<ChangeNotice> ReadNotices(NpgsqlDataReader reader);

    private async Task RunAsync(long? after, ChannelWriter<ChangeBatch> batches, CancellationToken cancellationToken)
    {
        // Where the last connection got to: the next one resumes there, so the changes committed while no connection
        // followed the outbox are read, not skipped by starting again at its head.
        var delivered = new StrongBox<long?>(after);
        var backoff = TimeSpan.FromMilliseconds(100);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Exception failure;
                try
                {
                    await FollowConnectionAsync(delivered, batches, cancellationToken);
                    continue;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // Whatever the failure, a connection, a row the feed cannot read, the follower is told (its agency
                    // stops being served from cache) and the feed starts again: a feed that ended would leave the agency
                    // waiting for changes that never come.
                    failure = ex;
                }

                try
                {
                    await batches.WriteAsync(new ChangeBatch(delivered.Value ?? 0, [], ChangeFeedState.Interrupted, failure), cancellationToken);
                    await Task.Delay(backoff, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
        finally
        {
            batches.TryComplete();
        }
    }

    /// <summary>Follows on one connection until it fails (it returns only by throwing), keeping <paramref name="delivered"/> at the position of the last batch written.</summary>
    private async Task FollowConnectionAsync(StrongBox<long?> delivered, ChannelWriter<ChangeBatch> batches, CancellationToken cancellationToken)
    {
        var position = delivered.Value;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var woken = 0;
        var reset = 0;
        connection.Notification += (_, notification) =>
        {
            if (notification.Payload == ResetPayload)
            {
                Volatile.Write(ref reset, 1);
            }

            Volatile.Write(ref woken, 1);
        };
        await using (var listen = new NpgsqlCommand(_listen, connection) { CommandTimeout = QueryTimeoutSeconds })
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        // Listening before reading the head: a change committed in between is both read and notified, never missed.
        var head = await ReadHeadAsync(connection, cancellationToken);
        if (position is null)
        {
            position = head;
        }
        else if (position > head)
        {
            position = head;
            await batches.WriteAsync(new ChangeBatch(head, [], ChangeFeedState.PositionLost), cancellationToken);
        }

        delivered.Value = position;
        var cursor = new OutboxCursor(position.Value);
        await using var selectNew = new NpgsqlCommand(_selectChanges, connection) { CommandTimeout = QueryTimeoutSeconds };
        var afterParameter = new NpgsqlParameter<long> { TypedValue = cursor.Highest };
        selectNew.Parameters.Add(afterParameter);
        await selectNew.PrepareAsync(cancellationToken);
        await using var selectHoles = new NpgsqlCommand(_selectHoles, connection) { CommandTimeout = QueryTimeoutSeconds };
        var holesParameter = new NpgsqlParameter<long[]> { TypedValue = [] };
        selectHoles.Parameters.Add(holesParameter);
        await selectHoles.PrepareAsync(cancellationToken);

        var announcedLive = false;
        while (true)
        {
            if (Interlocked.Exchange(ref reset, 0) == 1)
            {
                cursor = new OutboxCursor(await ReadHeadAsync(connection, cancellationToken));
                await batches.WriteAsync(new ChangeBatch(cursor.Position, [], ChangeFeedState.PositionLost), cancellationToken);
                delivered.Value = cursor.Position;
                announcedLive = false;
            }

            Volatile.Write(ref woken, 0);
            afterParameter.TypedValue = cursor.Highest;
            var notices = new List<ChangeNotice>();
            var read = await ReadChangesAsync(selectNew, cursor, notices, cancellationToken);
            if (cursor.HasHoles)
            {
                var (xmin, xmax) = await ReadSnapshotAsync(connection, cancellationToken);
                cursor.MarkNewHoles(xmax);
                holesParameter.TypedValue = cursor.Holes();
                await ReadChangesAsync(selectHoles, cursor, notices, cancellationToken);
                cursor.ForgetFinishedHoles(xmin);
            }

            var atHead = read < ReadLimit;
            var state = atHead ? ChangeFeedState.Live : ChangeFeedState.CatchingUp;
            if (notices.Count > 0 || !announcedLive)
            {
                await batches.WriteAsync(new ChangeBatch(cursor.Position, notices, state), cancellationToken);
                delivered.Value = cursor.Position;
                announcedLive = atHead;
            }

            if (!atHead || Volatile.Read(ref woken) == 1)
            {
                continue;
            }

            // With open holes, look again soon: they are filled by commits that may not notify again.
            var wait = cursor.HasHoles ? HoleRecheckInterval : PollInterval;
            if (!await connection.WaitAsync(wait, cancellationToken) && await ReadHeadAsync(connection, cancellationToken) < cursor.Highest)
            {
                // The outbox was recreated under us (the database was reloaded): its sequence started again.
                cursor = new OutboxCursor(await ReadHeadAsync(connection, cancellationToken));
                await batches.WriteAsync(new ChangeBatch(cursor.Position, [], ChangeFeedState.PositionLost), cancellationToken);
                delivered.Value = cursor.Position;
                announcedLive = false;
            }
        }
    }

    private static async Task<(long Xmin, long Xmax)> ReadSnapshotAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT pg_snapshot_xmin(s)::text::bigint, pg_snapshot_xmax(s)::text::bigint FROM pg_current_snapshot() s", connection)
        {
            CommandTimeout = QueryTimeoutSeconds,
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<long> ReadHeadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_selectHead, connection) { CommandTimeout = QueryTimeoutSeconds };
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <returns>How many rows were read.</returns>
    private async Task<int> ReadChangesAsync(
        NpgsqlCommand select, OutboxCursor cursor, List<ChangeNotice> notices, CancellationToken cancellationToken)
    {
        var count = 0;
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            count++;
            cursor.Saw(reader.GetInt64(0));
            notices.AddRange(ReadNotices(reader));
        }

        return count;
    }
}
