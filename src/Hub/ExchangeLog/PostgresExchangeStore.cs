using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Interop.Hub.V1;
using Interop.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// The exchange log in the hub's PostgreSQL database: one table partitioned by day on the exchange's start time,
/// written with binary COPY, read by agency (caller or provider), time, subject and exchange id. Each batch is
/// sealed by a signed checkpoint in <see cref="CheckpointTable"/>, chained to the previous one: every hub instance
/// writes its batch under one transaction-scoped advisory lock, so all instances extend one chain.
/// </summary>
/// <remarks>
/// The rows carry no per-row agency or subject index: each batch has one row in <see cref="BatchTable"/> naming its
/// agencies, its subjects and its time span, indexed instead, and a query walks the batches that can hold what it
/// asks for, newest first, reading their rows through BRIN indexes (rows of a batch lie together, in sequence order).
/// Two btree entries and a GIN entry per record cost PostgreSQL about as much as the row itself; a batch of 2,000
/// records names a handful of agencies. The batch rows are not signed: <c>interop log verify</c> checks that each
/// still covers its records, since a record it leaves out would vanish from listings.
/// </remarks>
/// <param name="logger">Where a failed BRIN summarisation is reported (none in tools and tests).</param>
/// <param name="batchSize">Most records sealed by one checkpoint (and summed up in one batch row).</param>
public sealed partial class PostgresExchangeStore(
    NpgsqlDataSource dataSource,
    CheckpointSigner signer,
    TimeProvider timeProvider,
    int partitionsAhead = 3,
    ILogger? logger = null,
    int batchSize = ExchangeLogOptions.DefaultBatchSize) : IExchangeStore
{
    public const string Table = LogVerifier.LogTable;

    public const string CheckpointTable = LogVerifier.CheckpointTable;

    /// <summary>One row per batch: what the query walk looks up (see the remarks).</summary>
    public const string BatchTable = LogVerifier.BatchTable;

    /// <summary>The advisory lock that serialises the chain's writers, across hub instances.</summary>
    private const long ChainLock = 0x1E_D6E2;

    private const string Columns = LogVerifier.RowColumns;

    private static readonly string Schema = $"""
        -- The indexed column first, then the other fixed-width ones: PostgreSQL reads a row's columns in order up to
        -- the one it wants, and the BRIN index wants checkpoint_seq for every row written and every row summarised
        -- (last, it cost a tenth more per row of COPY). Every statement names its columns; a log created before
        -- 2026-12-06 keeps its order.
        CREATE TABLE IF NOT EXISTS {Table} (
            checkpoint_seq  bigint      NOT NULL,
            start_time      timestamptz NOT NULL,
            exchange_id     uuid        NOT NULL,
            latency_us      bigint      NOT NULL,
            request_bytes   bigint      NOT NULL,
            response_bytes  bigint      NOT NULL,
            status_code     smallint    NOT NULL,
            cache_hit       boolean     NOT NULL,
            caller_agency   text        NOT NULL,
            caller_system   text        NOT NULL,
            provider_agency text        NOT NULL,
            method          text        NOT NULL,
            subject_ids     text[]      NOT NULL,
            request_sha256  bytea       NOT NULL,
            response_sha256 bytea       NOT NULL,
            purpose         text        NOT NULL,
            case_reference  text        NOT NULL,
            official_id     text        NOT NULL
        ) PARTITION BY RANGE (start_time);
        -- A log created before checkpoints: its rows stay unsealed (checkpoint 0), which verify reports.
        ALTER TABLE {Table} ADD COLUMN IF NOT EXISTS purpose text NOT NULL DEFAULT '';
        ALTER TABLE {Table} ADD COLUMN IF NOT EXISTS case_reference text NOT NULL DEFAULT '';
        ALTER TABLE {Table} ADD COLUMN IF NOT EXISTS official_id text NOT NULL DEFAULT '';
        ALTER TABLE {Table} ADD COLUMN IF NOT EXISTS checkpoint_seq bigint NOT NULL DEFAULT 0;
        -- Rows are found through their batch (see the class's remarks): BRIN only, small ranges (about 500 rows),
        -- summarised by the writer every few seconds and by autovacuum as they fill.
        CREATE INDEX IF NOT EXISTS {Table}_seq_brin ON {Table} USING brin (checkpoint_seq) WITH (pages_per_range = 16, autosummarize = on);
        -- An exchange is found by id through the batches whose span holds the id's time (the index on the spans
        -- below), not through a second BRIN on the start time: each BRIN costs PostgreSQL a tenth of its COPY.
        DROP INDEX IF EXISTS {Table}_start_brin;
        {LogPartitions.SampledStatistics(Table)}
        CREATE TABLE IF NOT EXISTS {BatchTable} (
            checkpoint_seq bigint      PRIMARY KEY,
            first_start    timestamptz NOT NULL,
            last_start     timestamptz NOT NULL,
            agencies       text[]      NOT NULL,
            subject_ids    text[]      NOT NULL
        );
        CREATE INDEX IF NOT EXISTS {BatchTable}_last_start ON {BatchTable} (last_start, checkpoint_seq);
        CREATE INDEX IF NOT EXISTS {BatchTable}_span ON {BatchTable} USING gist (tstzrange(first_start, last_start, '[]'));
        CREATE INDEX IF NOT EXISTS {BatchTable}_agencies ON {BatchTable} USING gin (agencies);
        CREATE INDEX IF NOT EXISTS {BatchTable}_subjects ON {BatchTable} USING gin (subject_ids);
        -- A log written with per-row indexes (before batch rows): its batches are summed up once, then those go.
        DO $$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_class WHERE relname = '{Table}_caller_start' OR relname = '{Table}_caller_time') THEN
                INSERT INTO {BatchTable} (checkpoint_seq, first_start, last_start, agencies, subject_ids)
                SELECT e.checkpoint_seq, min(e.start_time), max(e.start_time),
                       (SELECT array_agg(DISTINCT a) FROM {Table} x, unnest(ARRAY[x.caller_agency, x.provider_agency]) a
                        WHERE x.checkpoint_seq = e.checkpoint_seq),
                       coalesce((SELECT array_agg(DISTINCT v) FROM {Table} x, unnest(x.subject_ids) v
                                 WHERE x.checkpoint_seq = e.checkpoint_seq), ARRAY[]::text[])
                FROM {Table} e GROUP BY e.checkpoint_seq
                ON CONFLICT (checkpoint_seq) DO NOTHING;
            END IF;
        END $$;
        DROP INDEX IF EXISTS {Table}_caller_time;
        DROP INDEX IF EXISTS {Table}_provider_time;
        DROP INDEX IF EXISTS {Table}_caller_start;
        DROP INDEX IF EXISTS {Table}_provider_start;
        DROP INDEX IF EXISTS {Table}_subjects;
        DROP INDEX IF EXISTS {Table}_checkpoint_seq;
        DROP INDEX IF EXISTS {Table}_exchange_id;
        {LogArchive.ArchiveSchema}
        CREATE TABLE IF NOT EXISTS {CheckpointTable} (
            sequence    bigint      PRIMARY KEY,
            create_time timestamptz NOT NULL,
            key_id      text        NOT NULL,
            checkpoint  bytea       NOT NULL,
            signature   bytea       NOT NULL,
            entries     bytea       NOT NULL
        );
        CREATE INDEX IF NOT EXISTS {CheckpointTable}_time ON {CheckpointTable} (create_time);
        -- Hashes do not compress: storing the entry list as is spares PostgreSQL a failed compression per batch.
        DO $$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_attribute
                       WHERE attrelid = '{CheckpointTable}'::regclass AND attname = 'entries' AND attstorage <> 'e') THEN
                ALTER TABLE {CheckpointTable} ALTER COLUMN entries SET STORAGE EXTERNAL;
            END IF;
        END $$;
        """;

    /// <summary>Unsealed (checkpoint 0): the benchmark's baseline for COPY, never used by the hub.</summary>
    private const string InsertOne =
        $"INSERT INTO {Table} ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 0)";

    private const string SelectChainHead = $"SELECT sequence, checkpoint FROM {CheckpointTable} ORDER BY sequence DESC LIMIT 1";

    private const string InsertCheckpoint =
        $"INSERT INTO {CheckpointTable} ({LogVerifier.CheckpointColumns}) VALUES ($1, $2, $3, $4, $5, $6)";

    private const string InsertBatch =
        $"INSERT INTO {BatchTable} (checkpoint_seq, first_start, last_start, agencies, subject_ids) VALUES ($1, $2, $3, $4, $5)";

    /// <summary>Batches looked up at the first step of a query's walk; each further step takes twice as many.</summary>
    private const int FirstWalkStep = 2;

    private const int MaxWalkStep = 64;

    /// <summary>
    /// How often the writer summarises the BRIN ranges filled since (autovacuum would too, but only when a worker
    /// next visits the database, a minute or more): rows in ranges not yet summarised are read by every query.
    /// </summary>
    private static readonly TimeSpan _summariseEvery = TimeSpan.FromSeconds(5);

    private const string SummariseNewRanges = """
        SELECT brin_summarize_new_values(i.indexrelid) FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
        WHERE i.indrelid = to_regclass($1) AND a.amname = 'brin'
        """;

    private long _lastSummarised;

    /// <summary>How many columns <see cref="Columns"/> lists.</summary>
    private const int ColumnCount = 18;

    /// <summary>Days whose partition is known to exist; the writer checks each batch against it.</summary>
    private readonly ConcurrentDictionary<DateOnly, bool> _partitions = new();

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using (var command = dataSource.CreateCommand(Schema))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        for (var day = today.AddDays(-1); day <= today.AddDays(partitionsAhead); day = day.AddDays(1))
        {
            await EnsurePartitionAsync(day, cancellationToken);
        }
    }

    /// <summary>Gathers the COPY rows and leaf hashes as records arrive: see <see cref="PostgresExchangeWrite"/>.</summary>
    public IExchangeWrite StartWrite() => new PostgresExchangeWrite(batchSize);

    /// <summary>
    /// Writes the records and their checkpoints in one transaction: the chain lock, the chain's head, one binary COPY
    /// of every record, then one checkpoint for each batch of up to the store's batch size, each signed after the one
    /// before. Leaves were hashed as the records arrived; roots are hashed before the lock is taken.
    /// </summary>
    /// <remarks>
    /// One COPY for several batches because PostgreSQL 15's COPY costs less per row the more rows it carries (its
    /// multi-insert buffer builds up to 1,000 tuple slots for every statement): measured on this project's rows,
    /// 4.7–4.8 µs a row in COPYs of 2,000 rows, 2.9–3.1 µs in COPYs of 10,000. The batches stay small for the
    /// queries, which read a batch's rows whole.
    /// </remarks>
    public async Task<ChainHead?> WriteAsync(IExchangeWrite write, CancellationToken cancellationToken)
    {
        var gathered = write as PostgresExchangeWrite
            ?? throw new ArgumentException("The write was not started by this store.", nameof(write));
        if (gathered.Count == 0)
        {
            return null;
        }

        var seals = new BatchSeal[gathered.BatchCount];
        for (var i = 0; i < seals.Length; i++)
        {
            seals[i] = gathered.Seal(i);
        }

        await EnsurePartitionsAsync(gathered.Days, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (headSequence, headCheckpoint) = await LockChainHeadAsync(connection, cancellationToken);
        if (gathered.CommitTriedAfter is { } triedAfter && headSequence > triedAfter
            && await FindStoredAsync(connection, triedAfter, seals[^1], cancellationToken) is { } stored)
        {
            return stored;
        }

        // Straight into the day's partition when the records hold one day (nearly always): no routing of each row.
        var target = gathered.Days.Count == 1 ? PartitionName(gathered.LastDay) : Table;
        try
        {
            await using var copy = await connection.BeginRawBinaryCopyAsync(CopyInto(target), cancellationToken);
            await copy.WriteAsync(gathered.CopyRows(headSequence + 1), cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.CheckViolation)
        {
            // A day's partition this store knew of is gone (archived, or the database restored from a backup): the next
            // attempt creates it again instead of failing the same way until the hub restarts.
            _partitions.Clear();
            throw;
        }

        await using var inserts = new NpgsqlBatch(connection);
        for (var i = 0; i < seals.Length; i++)
        {
            var sequence = headSequence + 1 + i;
            var signed = signer.Sign(seals[i], sequence, headCheckpoint);
            AddCheckpointInserts(inserts, sequence, signed, seals[i], gathered.Summary(i));
            headCheckpoint = signed.Checkpoint.ToByteArray();
        }

        await inserts.ExecuteNonQueryAsync(cancellationToken);
        gathered.CommitTriedAfter ??= headSequence;
        await transaction.CommitAsync(cancellationToken);
        await SummariseNewRangesAsync(connection, PartitionName(gathered.LastDay), cancellationToken);
        return ChainHead.Of(headSequence + seals.Length, headCheckpoint);
    }

    private static void AddCheckpointInserts(NpgsqlBatch inserts, long sequence, SignedCheckpoint signed, BatchSeal seal, BatchSummary summary)
    {
        inserts.BatchCommands.Add(new NpgsqlBatchCommand(InsertCheckpoint)
        {
            Parameters =
            {
                new() { Value = sequence, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = Checkpoint.Parser.ParseFrom(signed.Checkpoint).CreateTime.ToDateTimeOffset(), NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = signed.KeyId, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = signed.Checkpoint.Memory, NpgsqlDbType = NpgsqlDbType.Bytea },
                new() { Value = signed.Signature.Memory, NpgsqlDbType = NpgsqlDbType.Bytea },
                new() { Value = seal.Entries, NpgsqlDbType = NpgsqlDbType.Bytea },
            },
        });
        inserts.BatchCommands.Add(new NpgsqlBatchCommand(InsertBatch)
        {
            Parameters =
            {
                new() { Value = sequence, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = summary.FirstStart, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = summary.LastStart, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = summary.Agencies, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = summary.SubjectIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            },
        });
    }

    /// <summary>At most once per <see cref="_summariseEvery"/>; after the batch is committed, so a failure here is not the batch's.</summary>
    private async Task SummariseNewRangesAsync(NpgsqlConnection connection, string partition, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetTimestamp();
        var last = Interlocked.Read(ref _lastSummarised);
        if ((last != 0 && timeProvider.GetElapsedTime(last, now) < _summariseEvery) || Interlocked.CompareExchange(ref _lastSummarised, now, last) != last)
        {
            return;
        }

        try
        {
            await using var command = new NpgsqlCommand(SummariseNewRanges, connection)
            {
                Parameters = { new() { Value = partition, NpgsqlDbType = NpgsqlDbType.Text } },
            };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException)
        {
            // The batch is stored: throwing would make the writer store it again. Autovacuum summarises later.
            if (logger is not null)
            {
                LogSummariseFailed(logger, partition, ex.Message);
            }
        }
    }

    /// <summary>
    /// The head a write left when an earlier attempt at it was committed after all: the checkpoint after
    /// <paramref name="after"/> that holds its last batch's entries (each entry names its exchange, so no other batch
    /// has the same list), the write's batches having been stored together.
    /// </summary>
    private static async Task<ChainHead?> FindStoredAsync(NpgsqlConnection connection, long after, BatchSeal lastBatch, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT sequence, checkpoint FROM {CheckpointTable} WHERE sequence > $1 AND entries = $2 ORDER BY sequence LIMIT 1", connection)
        {
            Parameters =
            {
                new() { Value = after, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = lastBatch.Entries, NpgsqlDbType = NpgsqlDbType.Bytea },
            },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ChainHead.Of(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    /// <summary>Takes the chain lock (until the transaction ends) and reads the chain's head: (0, empty) before the first.</summary>
    private static async Task<(long Sequence, byte[] Checkpoint)> LockChainHeadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)") { Parameters = { new() { Value = ChainLock, NpgsqlDbType = NpgsqlDbType.Bigint } } },
                new NpgsqlBatchCommand(SelectChainHead),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : (0, []);
    }

    /// <summary>The naive way, one prepared INSERT (and transaction) per record: the benchmark's baseline for COPY.</summary>
    public async Task InsertOneAsync(ExchangeRecord record, CancellationToken cancellationToken)
    {
        await EnsurePartitionsAsync([DateOnly.FromDateTime(record.StartTime.UtcDateTime)], cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(InsertOne, connection)
        {
            Parameters =
            {
                new() { Value = record.ExchangeId, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = record.StartTime, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = record.CallerAgency, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = record.CallerSystem, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = record.ProviderAgency, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = record.Method, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = record.SubjectIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = (short)record.StatusCode, NpgsqlDbType = NpgsqlDbType.Smallint },
                new() { Value = Microseconds(record.Latency), NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = record.CacheHit, NpgsqlDbType = NpgsqlDbType.Boolean },
                new() { Value = record.RequestBytes, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = record.ResponseBytes, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = record.RequestSha256.ToArray(), NpgsqlDbType = NpgsqlDbType.Bytea },
                new() { Value = record.ResponseSha256.ToArray(), NpgsqlDbType = NpgsqlDbType.Bytea },
                new() { Value = record.Purpose, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = record.CaseReference, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = record.OfficialId, NpgsqlDbType = NpgsqlDbType.Text },
            },
        };
        await command.PrepareAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Walks the batches that can hold what the query asks for, newest last record first, in steps of 2, 4, 8 ...
    /// batches, and keeps the page's newest records. It stops once the page is full and the next batches end before
    /// its last record begins (batches of one writer follow each other; those of several instances overlap a little).
    /// </summary>
    public async Task<ExchangePage> ListAsync(ExchangeQuery query, CancellationToken cancellationToken)
    {
        if (query.ExchangeId is { } asked && !IsHubId(asked))
        {
            return new ExchangePage([], false);
        }

        var wanted = query.PageSize + 1;
        var page = new List<ExchangeRecord>(wanted);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        (DateTimeOffset LastStart, long Sequence)? walked = null;
        for (var step = FirstWalkStep; ; step = Math.Min(step * 2, MaxWalkStep))
        {
            var batches = await BatchesAsync(connection, query, walked, step, cancellationToken);
            if (batches.Count == 0)
            {
                break;
            }

            page.AddRange(await RowsOfAsync(connection, query, batches, wanted, cancellationToken));
            page.Sort(static (left, right) => ExchangeQuery.CompareNewestFirst(left, right));
            if (page.Count > wanted)
            {
                page.RemoveRange(wanted, page.Count - wanted);
            }

            var oldest = batches[^1];
            if (batches.Count < step || (page.Count == wanted && page[^1].StartTime > oldest.LastStart))
            {
                break;
            }

            walked = (oldest.LastStart, oldest.Sequence);
        }

        var hasMore = page.Count > query.PageSize;
        if (hasMore)
        {
            page.RemoveAt(page.Count - 1);
        }

        return new ExchangePage(page, hasMore);
    }

    /// <summary>The next <paramref name="limit"/> batches of the walk, after <paramref name="walked"/>.</summary>
    private static async Task<List<(long Sequence, DateTimeOffset FirstStart, DateTimeOffset LastStart)>> BatchesAsync(
        NpgsqlConnection connection,
        ExchangeQuery query,
        (DateTimeOffset LastStart, long Sequence)? walked,
        int limit,
        CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter> { new() { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer } };
        var sql = new StringBuilder($"SELECT checkpoint_seq, first_start, last_start FROM {BatchTable} WHERE TRUE");
        Where(sql, parameters, "agencies @> ARRAY[{0}]", query.AgencyCode, NpgsqlDbType.Text);
        Where(sql, parameters, "subject_ids @> ARRAY[{0}]", query.SubjectId, NpgsqlDbType.Text);
        Where(sql, parameters, "last_start >= {0}", query.From, NpgsqlDbType.TimestampTz);
        Where(sql, parameters, "first_start < {0}", query.To, NpgsqlDbType.TimestampTz);
        Where(sql, parameters, "first_start <= {0}", query.After?.StartTime, NpgsqlDbType.TimestampTz);

        if (query.ExchangeId is { } exchangeId && ExchangeIds.StartWindow(exchangeId) is { } window)
        {
            var windowFrom = Add(parameters, window.From, NpgsqlDbType.TimestampTz);
            var windowTo = Add(parameters, window.To, NpgsqlDbType.TimestampTz);
            sql.Append(CultureInfo.InvariantCulture, $" AND last_start >= ${windowFrom} AND first_start < ${windowTo}");
        }

        if (walked is { } position)
        {
            var last = Add(parameters, position.LastStart, NpgsqlDbType.TimestampTz);
            var sequence = Add(parameters, position.Sequence, NpgsqlDbType.Bigint);
            sql.Append(CultureInfo.InvariantCulture, $" AND (last_start, checkpoint_seq) < (${last}, ${sequence})");
        }

        sql.Append(" ORDER BY last_start DESC, checkpoint_seq DESC LIMIT $1");
        await using var command = new NpgsqlCommand(sql.ToString(), connection);
        command.Parameters.AddRange(parameters.ToArray());
        var batches = new List<(long, DateTimeOffset, DateTimeOffset)>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            batches.Add((reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return batches;
    }

    /// <summary>The newest <paramref name="limit"/> records of these batches that the query matches.</summary>
    private static async Task<List<ExchangeRecord>> RowsOfAsync(
        NpgsqlConnection connection,
        ExchangeQuery query,
        List<(long Sequence, DateTimeOffset FirstStart, DateTimeOffset LastStart)> batches,
        int limit,
        CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>
        {
            new() { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer },
            new() { Value = batches.Select(b => b.Sequence).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
            new() { Value = batches.Min(b => b.FirstStart), NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new() { Value = batches.Max(b => b.LastStart), NpgsqlDbType = NpgsqlDbType.TimestampTz },
        };
        // The span of the batches' start times prunes the partitions and, with the sequence numbers, narrows the BRIN scans.
        var sql = new StringBuilder($"SELECT {Columns} FROM {Table} WHERE checkpoint_seq = ANY($2) AND start_time >= $3 AND start_time <= $4");
        Where(sql, parameters, "(caller_agency = {0} OR provider_agency = {0})", query.AgencyCode, NpgsqlDbType.Text);
        Where(sql, parameters, "start_time >= {0}", query.From, NpgsqlDbType.TimestampTz);
        Where(sql, parameters, "start_time < {0}", query.To, NpgsqlDbType.TimestampTz);
        Where(sql, parameters, "subject_ids @> ARRAY[{0}]", query.SubjectId, NpgsqlDbType.Text);

        if (query.ExchangeId is { } exchangeId)
        {
            sql.Append(IdFilter(parameters, exchangeId));
        }

        if (query.After is { } after)
        {
            var time = Add(parameters, after.StartTime, NpgsqlDbType.TimestampTz);
            var id = Add(parameters, after.ExchangeId, NpgsqlDbType.Uuid);
            sql.Append(CultureInfo.InvariantCulture, $" AND (start_time, exchange_id) < (${time}, ${id})");
        }

        sql.Append(" ORDER BY start_time DESC, exchange_id DESC LIMIT $1");
        await using var command = new NpgsqlCommand(sql.ToString(), connection);
        command.Parameters.AddRange(parameters.ToArray());
        var records = new List<ExchangeRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    public async Task<ExchangeRecord?> FindAsync(Guid exchangeId, string agencyCode, CancellationToken cancellationToken)
    {
        if (!IsHubId(exchangeId))
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = FindCommand(connection, $"SELECT {Columns} FROM {Table} e", exchangeId, agencyCode);
        await command.PrepareAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<DateOnly?> ArchivedDayAsync(Guid exchangeId, CancellationToken cancellationToken)
    {
        if (LogArchive.DayOf(exchangeId) is not { } day)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand($"SELECT EXISTS (SELECT 1 FROM {LogArchive.ArchiveTable} WHERE day = $1)");
        command.Parameters.Add(new NpgsqlParameter { Value = day, NpgsqlDbType = NpgsqlDbType.Date });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))! ? day : null;
    }

    public async Task<StoredReceipt?> FindReceiptAsync(Guid exchangeId, string agencyCode, CancellationToken cancellationToken)
    {
        if (!IsHubId(exchangeId))
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = FindCommand(
            connection,
            $"SELECT {Columns}, c.checkpoint, c.signature, c.key_id, c.entries FROM {Table} e JOIN {CheckpointTable} c ON c.sequence = e.checkpoint_seq",
            exchangeId,
            agencyCode);
        await command.PrepareAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var signed = new SignedCheckpoint
        {
            Checkpoint = ByteString.CopyFrom(reader.GetFieldValue<byte[]>(ColumnCount)),
            Signature = ByteString.CopyFrom(reader.GetFieldValue<byte[]>(ColumnCount + 1)),
            KeyId = reader.GetString(ColumnCount + 2),
        };
        return new StoredReceipt(Read(reader), signed, reader.GetFieldValue<byte[]>(ColumnCount + 3));
    }

    /// <summary>
    /// One exchange of an agency by id: the id's own time bounds the start time (see <see cref="ExchangeIds"/>), so
    /// only one partition is read, and in it the rows of the batches whose span holds that millisecond (BRIN on the
    /// checkpoint sequence).
    /// </summary>
    private static NpgsqlCommand FindCommand(NpgsqlConnection connection, string select, Guid exchangeId, string agencyCode)
    {
        var parameters = new List<NpgsqlParameter> { new() { Value = agencyCode, NpgsqlDbType = NpgsqlDbType.Text } };
        var idFilter = IdFilter(parameters, exchangeId, out var from, out var to, "e.");
        var batches = string.Create(
            CultureInfo.InvariantCulture,
            $" AND e.checkpoint_seq = ANY(ARRAY(SELECT checkpoint_seq FROM {BatchTable} WHERE tstzrange(first_start, last_start, '[]') && tstzrange(${from}, ${to}, '[)')))");
        var command = new NpgsqlCommand(
            $"{select} WHERE (e.caller_agency = $1 OR e.provider_agency = $1){idFilter}{batches} LIMIT 1", connection);
        command.Parameters.AddRange(parameters.ToArray());
        return command;
    }

    /// <summary>
    /// Every id the hub gives is a UUIDv7 (since the log has had checkpoints), whose time bounds the search; any
    /// other id names no exchange, and is not looked for across the whole log.
    /// </summary>
    private static bool IsHubId(Guid exchangeId) => ExchangeIds.StartWindow(exchangeId) is not null;

    /// <summary>The id and the start-time window it carries, for an id <see cref="IsHubId"/> accepts.</summary>
    private static string IdFilter(List<NpgsqlParameter> parameters, Guid exchangeId, string alias = "") =>
        IdFilter(parameters, exchangeId, out _, out _, alias);

    /// <param name="from">The parameter number of the window's start, for other clauses on the same window.</param>
    /// <param name="to">The parameter number of the window's end.</param>
    private static string IdFilter(List<NpgsqlParameter> parameters, Guid exchangeId, out int from, out int to, string alias = "")
    {
        var window = ExchangeIds.StartWindow(exchangeId)!.Value;
        var id = Add(parameters, exchangeId, NpgsqlDbType.Uuid);
        from = Add(parameters, window.From, NpgsqlDbType.TimestampTz);
        to = Add(parameters, window.To, NpgsqlDbType.TimestampTz);
        return string.Create(
            CultureInfo.InvariantCulture, $" AND {alias}exchange_id = ${id} AND {alias}start_time >= ${from} AND {alias}start_time < ${to}");
    }

    private async Task EnsurePartitionsAsync(IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken)
    {
        foreach (var day in days)
        {
            if (!_partitions.ContainsKey(day))
            {
                // A new day: its partition, and the next ones ahead, so tomorrow's first batch finds its table.
                for (var ahead = 0; ahead <= partitionsAhead; ahead++)
                {
                    await EnsurePartitionAsync(day.AddDays(ahead), cancellationToken);
                }
            }
        }
    }

    private static string PartitionName(DateOnly day) => LogVerifier.PartitionName(day);

    private static string CopyInto(string table) => $"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)";

    private async Task EnsurePartitionAsync(DateOnly day, CancellationToken cancellationToken)
    {
        if (_partitions.ContainsKey(day))
        {
            return;
        }

        try
        {
            await using var command = dataSource.CreateCommand(LogPartitions.Create(day));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
        {
            // Another hub instance created it at the same moment.
        }

        _partitions.TryAdd(day, true);
    }

    /// <summary>Appends " AND <paramref name="condition"/>", its {0} the value's parameter, when there is a value.</summary>
    private static void Where(StringBuilder sql, List<NpgsqlParameter> parameters, string condition, object? value, NpgsqlDbType type)
    {
        if (value is not null)
        {
            sql.Append(" AND ").AppendFormat(CultureInfo.InvariantCulture, condition, "$" + Add(parameters, value, type).ToString(CultureInfo.InvariantCulture));
        }
    }

    private static int Add(List<NpgsqlParameter> parameters, object value, NpgsqlDbType type)
    {
        parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
        return parameters.Count;
    }

    private static long Microseconds(TimeSpan duration) => duration.Ticks / TimeSpan.TicksPerMicrosecond;

    private static ExchangeRecord Read(NpgsqlDataReader reader) => new()
    {
        ExchangeId = reader.GetGuid(0),
        StartTime = reader.GetFieldValue<DateTimeOffset>(1),
        CallerAgency = reader.GetString(2),
        CallerSystem = reader.GetString(3),
        ProviderAgency = reader.GetString(4),
        Method = reader.GetString(5),
        SubjectIds = reader.GetFieldValue<string[]>(6),
        StatusCode = (StatusCode)reader.GetInt16(7),
        Latency = TimeSpan.FromTicks(reader.GetInt64(8) * TimeSpan.TicksPerMicrosecond),
        CacheHit = reader.GetBoolean(9),
        RequestBytes = reader.GetInt64(10),
        ResponseBytes = reader.GetInt64(11),
        RequestSha256 = Sha256Digest.From(reader.GetFieldValue<byte[]>(12)),
        ResponseSha256 = Sha256Digest.From(reader.GetFieldValue<byte[]>(13)),
        Purpose = reader.GetString(14),
        CaseReference = reader.GetString(15),
        OfficialId = reader.GetString(16),
    };

    [LoggerMessage(EventId = 3031, Level = LogLevel.Warning,
        Message = "Could not summarise the new BRIN ranges of {Partition} ({Reason}): listings read those rows in full until autovacuum does it (the hub's database user must own the log's tables)")]
    private static partial void LogSummariseFailed(ILogger logger, string partition, string reason);
}
