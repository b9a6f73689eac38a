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
public sealed class PostgresExchangeStore(
    NpgsqlDataSource dataSource, CheckpointSigner signer, TimeProvider timeProvider, int partitionsAhead = 3) : IExchangeStore
{
    public const string Table = LogVerifier.LogTable;

    public const string CheckpointTable = LogVerifier.CheckpointTable;

    /// <summary>The advisory lock that serialises the chain's writers, across hub instances.</summary>
    private const long ChainLock = 0x1E_D6E2;

    private const string Columns = LogVerifier.RowColumns;

    private const string Schema = $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            exchange_id     uuid        NOT NULL,
            start_time      timestamptz NOT NULL,
            caller_agency   text        NOT NULL,
            caller_system   text        NOT NULL,
            provider_agency text        NOT NULL,
            method          text        NOT NULL,
            subject_ids     text[]      NOT NULL,
            status_code     smallint    NOT NULL,
            latency_us      bigint      NOT NULL,
            cache_hit       boolean     NOT NULL,
            request_bytes   bigint      NOT NULL,
            response_bytes  bigint      NOT NULL,
            request_sha256  bytea       NOT NULL,
            response_sha256 bytea       NOT NULL,
            purpose         text        NOT NULL,
            case_reference  text        NOT NULL,
            official_id     text        NOT NULL,
            checkpoint_seq  bigint      NOT NULL
        ) PARTITION BY RANGE (start_time);
        -- A log created before checkpoints: its rows stay unsealed (checkpoint 0), which verify reports.
        ALTER TABLE {Table} ADD COLUMN IF NOT EXISTS purpose text NOT NULL DEFAULT '';
        ALTER TABLE {Table} ADD COLUMN IF NOT EXISTS case_reference text NOT NULL DEFAULT '';
        ALTER TABLE {Table} ADD COLUMN IF NOT EXISTS official_id text NOT NULL DEFAULT '';
        ALTER TABLE {Table} ADD COLUMN IF NOT EXISTS checkpoint_seq bigint NOT NULL DEFAULT 0;
        -- Ascending and without the id: each batch's entries land at the end of their agency's range, and the
        -- smaller keys cost the writer less; a backward scan serves the newest-first listing.
        DROP INDEX IF EXISTS {Table}_caller_time;
        DROP INDEX IF EXISTS {Table}_provider_time;
        CREATE INDEX IF NOT EXISTS {Table}_caller_start ON {Table} (caller_agency, start_time);
        CREATE INDEX IF NOT EXISTS {Table}_provider_start ON {Table} (provider_agency, start_time);
        CREATE INDEX IF NOT EXISTS {Table}_subjects ON {Table} USING gin (subject_ids);
        CREATE INDEX IF NOT EXISTS {Table}_checkpoint_seq ON {Table} USING brin (checkpoint_seq);
        DROP INDEX IF EXISTS {Table}_exchange_id;
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

    /// <summary>
    /// Writes the batch and its checkpoint in one transaction: the chain lock, the chain's head, one binary COPY of
    /// the records, the checkpoint signed after the head. Leaves and root are hashed before the lock is taken.
    /// </summary>
    public async Task<ChainHead?> WriteBatchAsync(ReadOnlyMemory<ExchangeRecord> batch, CancellationToken cancellationToken)
    {
        if (batch.IsEmpty)
        {
            return null;
        }

        using var seal = BatchSeal.Of(batch.Span);
        await EnsurePartitionsAsync(batch, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (headSequence, headCheckpoint) = await LockChainHeadAsync(connection, cancellationToken);
        var sequence = headSequence + 1;
        var signed = signer.Sign(seal, sequence, headCheckpoint);
        await CopyAsync(connection, batch, sequence, cancellationToken);
        await using (var insert = new NpgsqlCommand(InsertCheckpoint, connection)
        {
            Parameters =
            {
                new() { Value = sequence, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = Checkpoint.Parser.ParseFrom(signed.Checkpoint).CreateTime.ToDateTimeOffset(), NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = signed.KeyId, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = signed.Checkpoint.Memory, NpgsqlDbType = NpgsqlDbType.Bytea },
                new() { Value = signed.Signature.Memory, NpgsqlDbType = NpgsqlDbType.Bytea },
                new() { Value = seal.Entries.ToArray(), NpgsqlDbType = NpgsqlDbType.Bytea },
            },
        })
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ChainHead.Of(sequence, signed.Checkpoint.Span);
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

    private static async Task CopyAsync(NpgsqlConnection connection, ReadOnlyMemory<ExchangeRecord> batch, long sequence, CancellationToken cancellationToken)
    {
        using var rows = ExchangeCopyRows.Of(batch.Span, sequence);
        // Straight into the day's partition when the batch holds one day (nearly always): no routing of each row.
        await using var copy = await connection.BeginRawBinaryCopyAsync(CopyInto(TargetOf(batch.Span)), cancellationToken);
        await copy.WriteAsync(rows.Bytes, cancellationToken);
    }

    /// <summary>The naive way, one prepared INSERT (and transaction) per record: the benchmark's baseline for COPY.</summary>
    public async Task InsertOneAsync(ExchangeRecord record, CancellationToken cancellationToken)
    {
        await EnsurePartitionsAsync(new[] { record }, cancellationToken);
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

    public async Task<ExchangePage> ListAsync(ExchangeQuery query, CancellationToken cancellationToken)
    {
        var filters = new StringBuilder();
        var parameters = new List<NpgsqlParameter> { new() { Value = query.PageSize + 1, NpgsqlDbType = NpgsqlDbType.Integer } };
        if (query.From is { } from)
        {
            filters.Append(CultureInfo.InvariantCulture, $" AND start_time >= ${Add(parameters, from, NpgsqlDbType.TimestampTz)}");
        }

        if (query.To is { } to)
        {
            filters.Append(CultureInfo.InvariantCulture, $" AND start_time < ${Add(parameters, to, NpgsqlDbType.TimestampTz)}");
        }

        if (query.SubjectId is { } subject)
        {
            filters.Append(CultureInfo.InvariantCulture, $" AND subject_ids @> ARRAY[${Add(parameters, subject, NpgsqlDbType.Text)}]");
        }

        if (query.ExchangeId is { } exchangeId)
        {
            filters.Append(IdFilter(parameters, exchangeId));
        }

        if (query.After is { } after)
        {
            var time = Add(parameters, after.StartTime, NpgsqlDbType.TimestampTz);
            var id = Add(parameters, after.ExchangeId, NpgsqlDbType.Uuid);
            filters.Append(CultureInfo.InvariantCulture, $" AND (start_time, exchange_id) < (${time}, ${id})");
        }

        string sql;
        if (query.AgencyCode is { } agencyCode)
        {
            // Two index scans, one per role, merged: an OR across both columns could use neither index for the order.
            var agency = Add(parameters, agencyCode, NpgsqlDbType.Text);
            sql = $"""
                SELECT {Columns} FROM (
                    (SELECT {Columns} FROM {Table} WHERE caller_agency = ${agency}{filters}
                     ORDER BY start_time DESC, exchange_id DESC LIMIT $1)
                    UNION ALL
                    (SELECT {Columns} FROM {Table} WHERE provider_agency = ${agency} AND caller_agency <> ${agency}{filters}
                     ORDER BY start_time DESC, exchange_id DESC LIMIT $1)
                ) visible
                ORDER BY start_time DESC, exchange_id DESC LIMIT $1
                """;
        }
        else
        {
            sql = $"SELECT {Columns} FROM {Table} WHERE TRUE{filters} ORDER BY start_time DESC, exchange_id DESC LIMIT $1";
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters.ToArray());
        await command.PrepareAsync(cancellationToken);
        var records = new List<ExchangeRecord>(query.PageSize + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        var hasMore = records.Count > query.PageSize;
        if (hasMore)
        {
            records.RemoveAt(records.Count - 1);
        }

        return new ExchangePage(records, hasMore);
    }

    public async Task<ExchangeRecord?> FindAsync(Guid exchangeId, string agencyCode, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = FindCommand(connection, $"SELECT {Columns} FROM {Table} e", exchangeId, agencyCode);
        await command.PrepareAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<StoredReceipt?> FindReceiptAsync(Guid exchangeId, string agencyCode, CancellationToken cancellationToken)
    {
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
    /// only one partition is read, through the agency/time indexes.
    /// </summary>
    private static NpgsqlCommand FindCommand(NpgsqlConnection connection, string select, Guid exchangeId, string agencyCode)
    {
        var parameters = new List<NpgsqlParameter> { new() { Value = agencyCode, NpgsqlDbType = NpgsqlDbType.Text } };
        var command = new NpgsqlCommand(
            $"{select} WHERE (e.caller_agency = $1 OR e.provider_agency = $1){IdFilter(parameters, exchangeId, "e.")} LIMIT 1", connection);
        command.Parameters.AddRange(parameters.ToArray());
        return command;
    }

    private static string IdFilter(List<NpgsqlParameter> parameters, Guid exchangeId, string alias = "")
    {
        var filter = new StringBuilder();
        filter.Append(CultureInfo.InvariantCulture, $" AND {alias}exchange_id = ${Add(parameters, exchangeId, NpgsqlDbType.Uuid)}");
        if (ExchangeIds.StartWindow(exchangeId) is { } window)
        {
            var from = Add(parameters, window.From, NpgsqlDbType.TimestampTz);
            var to = Add(parameters, window.To, NpgsqlDbType.TimestampTz);
            filter.Append(CultureInfo.InvariantCulture, $" AND {alias}start_time >= ${from} AND {alias}start_time < ${to}");
        }

        return filter.ToString();
    }

    private async Task EnsurePartitionsAsync(ReadOnlyMemory<ExchangeRecord> batch, CancellationToken cancellationToken)
    {
        var lastDay = DateOnly.MinValue;
        for (var i = 0; i < batch.Length; i++)
        {
            var day = DateOnly.FromDateTime(batch.Span[i].StartTime.UtcDateTime);
            if (day != lastDay && !_partitions.ContainsKey(day))
            {
                // A new day: its partition, and the next ones ahead, so tomorrow's first batch finds its table.
                for (var ahead = 0; ahead <= partitionsAhead; ahead++)
                {
                    await EnsurePartitionAsync(day.AddDays(ahead), cancellationToken);
                }
            }

            lastDay = day;
        }
    }

    private static string TargetOf(ReadOnlySpan<ExchangeRecord> batch)
    {
        var day = DateOnly.FromDateTime(batch[0].StartTime.UtcDateTime);
        foreach (ref readonly var record in batch)
        {
            if (DateOnly.FromDateTime(record.StartTime.UtcDateTime) != day)
            {
                return Table;
            }
        }

        return PartitionName(day);
    }

    private static string PartitionName(DateOnly day) => $"{Table}_{day:yyyyMMdd}";

    private static string CopyInto(string table) => $"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)";

    private async Task EnsurePartitionAsync(DateOnly day, CancellationToken cancellationToken)
    {
        if (_partitions.ContainsKey(day))
        {
            return;
        }

        var from = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var name = PartitionName(day);
        try
        {
            await using var command = dataSource.CreateCommand(
                $"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {Table} FOR VALUES FROM ('{from} 00:00:00+00') TO ('{to} 00:00:00+00')");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
        {
            // Another hub instance created it at the same moment.
        }

        _partitions.TryAdd(day, true);
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
}
