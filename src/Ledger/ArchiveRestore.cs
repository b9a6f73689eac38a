using System.Security.Cryptography;
using Google.Protobuf;
using Interop.Hub.V1;
using Npgsql;
using NpgsqlTypes;

namespace Interop.Ledger;

/// <summary>
/// Brings an archived day of the log back into the hub's database, for the queries and listings an investigation
/// needs: its partition is created again, its records copied in from the day's file with the checkpoint each belongs
/// to, the batch rows of those checkpoints rebuilt, and the day taken off the archive list, in one transaction. The
/// file stays where it is; the day can be archived again.
/// </summary>
public static class ArchiveRestore
{
    /// <returns>The records restored.</returns>
    /// <exception cref="ArgumentException">The day is not archived, or its partition is in the database already.</exception>
    /// <exception cref="FileNotFoundException">The day's file is not in <paramref name="directory"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not the one archived (its SHA-256 differs), or does not hold what the day's checkpoints signed, in
    /// their order; nothing is restored.
    /// </exception>
    public static async Task<long> RestoreAsync(NpgsqlDataSource dataSource, DateOnly day, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var archived = await LogArchive.ArchivedDayAsync(connection, day, cancellationToken)
            ?? throw new ArgumentException($"{day:yyyy-MM-dd} is not archived: its records are in the database, or the log never had that day.");
        var partition = LogVerifier.PartitionName(day);
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{partition}') IS NOT NULL", connection))
        {
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                throw new ArgumentException($"{partition} is in the database already: compare it with the archive before dropping it by hand; nothing is restored.");
            }
        }

        var path = LogArchive.FileOf(archived, directory);

        await using (var file = File.OpenRead(path))
        {
            if (!(await SHA256.HashDataAsync(file, cancellationToken)).AsSpan().SequenceEqual(archived.Sha256))
            {
                throw new InvalidDataException(
                    $"{path} is not the file archived (its SHA-256 differs from the one recorded in {LogArchive.ArchiveTable}): 'interop log verify --archive' says what changed; nothing is restored.");
            }
        }

        // Filled before it joins the log: the hub goes on writing today's records meanwhile.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(LogPartitions.CreateDetached(day), connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var records = await CopyAsync(dataSource, connection, archived, path, cancellationToken);
        await using (var attach = new NpgsqlCommand(LogPartitions.Attach(day), connection, transaction))
        {
            await attach.ExecuteNonQueryAsync(cancellationToken);
        }

        if (archived.FirstCheckpoint is { } first && archived.LastCheckpoint is { } last)
        {
            await using var batches = new NpgsqlCommand(SummariseBatches, connection, transaction)
            {
                Parameters =
                {
                    new() { Value = first, NpgsqlDbType = NpgsqlDbType.Bigint },
                    new() { Value = last, NpgsqlDbType = NpgsqlDbType.Bigint },
                },
            };
            await batches.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var unlist = new NpgsqlCommand($"DELETE FROM {LogArchive.ArchiveTable} WHERE day = $1", connection, transaction)
        {
            Parameters = { new() { Value = day, NpgsqlDbType = NpgsqlDbType.Date } },
        })
        {
            await unlist.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return records;
    }

    /// <summary>
    /// The batch row of each checkpoint of the range, from its rows now in the database: a batch whose other records
    /// were archived gets a row again, one that reaches into a day still here is widened to the restored records.
    /// </summary>
    private const string SummariseBatches = $"""
        INSERT INTO {LogVerifier.BatchTable} (checkpoint_seq, first_start, last_start, agencies, subject_ids)
        SELECT e.checkpoint_seq, min(e.start_time), max(e.start_time),
               (SELECT array_agg(DISTINCT a) FROM {LogVerifier.LogTable} x, unnest(ARRAY[x.caller_agency, x.provider_agency]) a
                WHERE x.checkpoint_seq = e.checkpoint_seq),
               coalesce((SELECT array_agg(DISTINCT v) FROM {LogVerifier.LogTable} x, unnest(x.subject_ids) v
                         WHERE x.checkpoint_seq = e.checkpoint_seq), ARRAY[]::text[])
        FROM {LogVerifier.LogTable} e WHERE e.checkpoint_seq BETWEEN $1 AND $2 GROUP BY e.checkpoint_seq
        ON CONFLICT (checkpoint_seq) DO UPDATE SET first_start = excluded.first_start, last_start = excluded.last_start,
            agencies = excluded.agencies, subject_ids = excluded.subject_ids
        """;

    /// <summary>
    /// Copies the file's records in, each with its checkpoint. The file holds the day's records checkpoint after
    /// checkpoint, as the archive wrote them: the first checkpoint's records of the day, then the next one's. The
    /// checkpoints are read alongside, one at a time, on a connection of their own (the COPY holds this one), so a day
    /// of millions of records needs the ids of one batch in memory, not the day's.
    /// </summary>
    private static async Task<long> CopyAsync(
        NpgsqlDataSource dataSource, NpgsqlConnection connection, ArchivedDay archived, string path, CancellationToken cancellationToken)
    {
        if (archived.Records > 0 && (archived.FirstCheckpoint is null || archived.LastCheckpoint is null))
        {
            throw new InvalidDataException(
                $"{archived.Day:yyyy-MM-dd} was archived before the archive kept each day's range of checkpoints: its records cannot be matched to their checkpoints; nothing is restored.");
        }

        await using var checkpointConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var checkpoints = new NpgsqlCommand(
            $"SELECT sequence, entries FROM {LogVerifier.CheckpointTable} WHERE sequence BETWEEN $1 AND $2 ORDER BY sequence", checkpointConnection)
        {
            Parameters =
            {
                new() { Value = archived.FirstCheckpoint ?? 0, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = archived.LastCheckpoint ?? -1, NpgsqlDbType = NpgsqlDbType.Bigint },
            },
        };
        await using var batches = await checkpoints.ExecuteReaderAsync(cancellationToken);
        var (sequence, ids) = (0L, new HashSet<Guid>());
        long records = 0;
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {LogVerifier.PartitionName(archived.Day)} ({LogVerifier.RowColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var (_, exchange) in LogArchive.ReadRecords(path))
        {
            var id = Guid.Parse(exchange.ExchangeId);
            await NextBatchWhenDoneAsync();

            if (!ids.Remove(id))
            {
                throw new InvalidDataException(
                    $"{path} holds exchanges/{id} where the day's checkpoints did not sign it: 'interop log verify --archive' says what changed; nothing is restored.");
            }

            await WriteRowAsync(copy, exchange, id, sequence, cancellationToken);
            records++;
        }

        await NextBatchWhenDoneAsync();
        if (ids.Count > 0)
        {
            throw new InvalidDataException(
                $"{path} lacks exchanges/{ids.First()}, which checkpoint {sequence} signed: 'interop log verify --archive' says what changed; nothing is restored.");
        }

        await copy.CompleteAsync(cancellationToken);
        return records;

        // Once a checkpoint's records of the day are all copied, on to the next checkpoint that has any.
        async Task NextBatchWhenDoneAsync()
        {
            while (ids.Count == 0 && await batches.ReadAsync(cancellationToken))
            {
                (sequence, ids) = (batches.GetInt64(0), DayIds(batches.GetFieldValue<byte[]>(1), archived.Day));
            }
        }
    }

    /// <summary>The ids in a checkpoint's entry list of the records that started on <paramref name="day"/>.</summary>
    private static HashSet<Guid> DayIds(byte[] entries, DateOnly day)
    {
        var ids = new HashSet<Guid>();
        for (var i = 0; i < CheckpointEntries.Count(entries); i++)
        {
            var id = CheckpointEntries.ExchangeId(entries, i);
            if (LogArchive.DayOf(id) == day)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>A row as <see cref="LogVerifier.Leaf"/> reads it back: the same leaf, so the restored day verifies.</summary>
    private static async Task WriteRowAsync(NpgsqlBinaryImporter copy, Exchange exchange, Guid id, long checkpoint, CancellationToken cancellationToken)
    {
        await copy.StartRowAsync(cancellationToken);
        await copy.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
        await copy.WriteAsync(exchange.StartTime.ToDateTimeOffset(), NpgsqlDbType.TimestampTz, cancellationToken);
        await copy.WriteAsync(exchange.CallerAgency, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(exchange.CallerSystem, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(exchange.ProviderAgency, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(exchange.Method, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(exchange.SubjectIds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync((short)exchange.StatusCode, NpgsqlDbType.Smallint, cancellationToken);
        await copy.WriteAsync(exchange.Latency.ToTimeSpan().Ticks / TimeSpan.TicksPerMicrosecond, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(exchange.CacheHit, NpgsqlDbType.Boolean, cancellationToken);
        await copy.WriteAsync(exchange.RequestBytes, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(exchange.ResponseBytes, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(exchange.RequestSha256.ToByteArray(), NpgsqlDbType.Bytea, cancellationToken);
        await copy.WriteAsync(exchange.ResponseSha256.ToByteArray(), NpgsqlDbType.Bytea, cancellationToken);
        await copy.WriteAsync(exchange.Purpose, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(exchange.CaseReference, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(exchange.OfficialId, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(checkpoint, NpgsqlDbType.Bigint, cancellationToken);
    }
}
