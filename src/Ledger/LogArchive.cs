using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Npgsql;
using NpgsqlTypes;

namespace Interop.Ledger;

/// <summary>One UTC day of the log moved out of the database into a file.</summary>
/// <param name="File">The file's name, in the archive directory.</param>
/// <param name="Sha256">SHA-256 of the whole file, as written.</param>
/// <param name="FirstCheckpoint">The first checkpoint sealing a record of the day (null for a day without records, or archived before the range was kept).</param>
/// <param name="LastCheckpoint">The last one.</param>
public sealed record ArchivedDay(DateOnly Day, long Records, string File, byte[] Sha256, long? FirstCheckpoint, long? LastCheckpoint);

/// <summary>
/// Moves whole past days of the exchange log out of the hub's database: each day's partition is written to a file of
/// the records' leaves (the <c>interop.hub.v1.Exchange</c> messages the checkpoints sign, each preceded by its length
/// as a varint, in checkpoint and start-time order), the file is synced to disk, then the day is listed in
/// <see cref="ArchiveTable"/>, the batch rows it ends are deleted and its partition dropped, in one transaction. The checkpoints stay: the chain still
/// verifies, and <c>interop log verify --archive</c> checks each archived record against its signed leaf.
/// </summary>
/// <remarks>
/// Only days that ended more than a day ago: the hub may still be writing records of yesterday (a write gathered just
/// before midnight), never of the day before. The file of a day already archived is never overwritten.
/// </remarks>
public static class LogArchive
{
    public const string ArchiveTable = "exchange_log_archive";

    public const string FileExtension = ".exchanges";

    /// <summary>Longest wait for the log's table when a day's partition is dropped.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(2);

    /// <summary>The list of archived days; the hub creates it with its log, and the archiver if it is missing.</summary>
    public const string ArchiveSchema = $"""
        CREATE TABLE IF NOT EXISTS {ArchiveTable} (
            day         date        PRIMARY KEY,
            records     bigint      NOT NULL,
            file        text        NOT NULL,
            sha256      bytea       NOT NULL,
            archive_time timestamptz NOT NULL,
            first_checkpoint bigint,
            last_checkpoint  bigint
        );
        -- Kept from 2026-12-07: where an archived record's receipt finds its checkpoint.
        ALTER TABLE {ArchiveTable} ADD COLUMN IF NOT EXISTS first_checkpoint bigint, ADD COLUMN IF NOT EXISTS last_checkpoint bigint;
        """;

    /// <summary>The partitions of the log, by the day each holds (<c>exchange_log_YYYYMMDD</c>).</summary>
    private const string SelectPartitions = $"""
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = to_regclass('{LogVerifier.LogTable}')
        """;

    /// <param name="before">Days strictly before this one are archived (and never yesterday or later).</param>
    /// <param name="today">Today, UTC.</param>
    /// <param name="directory">Where the files go; created if missing.</param>
    /// <returns>The days archived, oldest first.</returns>
    public static async Task<IReadOnlyList<ArchivedDay>> ArchiveAsync(
        NpgsqlDataSource dataSource, DateOnly before, DateOnly today, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var limit = before < today.AddDays(-1) ? before : today.AddDays(-1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        Directory.CreateDirectory(directory);
        await using (var schema = new NpgsqlCommand(ArchiveSchema, connection))
        {
            await schema.ExecuteNonQueryAsync(cancellationToken);
        }

        var alreadyArchived = (await ArchivedDaysAsync(connection, cancellationToken)).Select(a => a.Day).ToHashSet();
        var archived = new List<ArchivedDay>();
        foreach (var day in (await PartitionDaysAsync(connection, cancellationToken)).Where(day => day < limit).Order())
        {
            if (alreadyArchived.Contains(day))
            {
                throw new IOException(
                    $"{day:yyyy-MM-dd} is already archived, yet its partition {LogVerifier.PartitionName(day)} is back in the database: compare it with the day's archive file before dropping it by hand; nothing is overwritten.");
            }

            archived.Add(await ArchiveDayAsync(connection, day, directory, cancellationToken));
        }

        return archived;
    }

    /// <summary>The days listed in <see cref="ArchiveTable"/> (none when nothing was ever archived).</summary>
    public static Task<List<ArchivedDay>> ArchivedDaysAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        QueryDaysAsync(connection, null, cancellationToken);

    /// <summary>The day as listed in <see cref="ArchiveTable"/>; null when it was not archived.</summary>
    public static async Task<ArchivedDay?> ArchivedDayAsync(NpgsqlConnection connection, DateOnly day, CancellationToken cancellationToken) =>
        (await QueryDaysAsync(connection, day, cancellationToken)).SingleOrDefault();

    private static async Task<List<ArchivedDay>> QueryDaysAsync(NpgsqlConnection connection, DateOnly? day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{ArchiveTable}') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return [];
            }
        }

        await using var command = new NpgsqlCommand(
            $"SELECT day, records, file, sha256, first_checkpoint, last_checkpoint FROM {ArchiveTable} WHERE $1::date IS NULL OR day = $1 ORDER BY day",
            connection)
        {
            Parameters = { new() { Value = (object?)day ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var days = new List<ArchivedDay>();
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new ArchivedDay(
                reader.GetFieldValue<DateOnly>(0),
                reader.GetInt64(1),
                reader.GetString(2),
                reader.GetFieldValue<byte[]>(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5)));
        }

        return days;
    }

    /// <summary>The leaves an archive file holds, in order.</summary>
    /// <exception cref="InvalidDataException">A record's length is garbled or runs past the end of the file.</exception>
    /// <exception cref="EndOfStreamException">The file (a stream that cannot seek) ends inside a record.</exception>
    public static IEnumerable<byte[]> ReadLeaves(Stream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        while (true)
        {
            var length = ReadLength(file);
            if (length is null)
            {
                yield break;
            }

            // A garbled length must not make the reader allocate gigabytes.
            if (file.CanSeek && length.Value > file.Length - file.Position)
            {
                throw new InvalidDataException($"A record's length ({length.Value:N0} bytes) runs past the end of the archive file.");
            }

            var leaf = new byte[length.Value];
            file.ReadExactly(leaf);
            yield return leaf;
        }
    }

    /// <summary>
    /// The records of an archive file, in order: each leaf as it was signed, and the exchange it is.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is garbled or cut short (its name is in the message).</exception>
    public static IEnumerable<(byte[] Leaf, Interop.Hub.V1.Exchange Exchange)> ReadRecords(string path)
    {
        using var file = File.OpenRead(path);
        using var leaves = ReadLeaves(file).GetEnumerator();
        while (true)
        {
            (byte[] Leaf, Interop.Hub.V1.Exchange Exchange)? record;
            try
            {
                record = leaves.MoveNext() ? (leaves.Current, Interop.Hub.V1.Exchange.Parser.ParseFrom(leaves.Current)) : null;
            }
            catch (Exception ex) when (ex is EndOfStreamException or InvalidProtocolBufferException)
            {
                throw new InvalidDataException($"{path} cannot be read to its end: {ex.Message}", ex);
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"{path}: {ex.Message}", ex);
            }

            if (record is not { } next)
            {
                yield break;
            }

            yield return next;
        }
    }

    /// <summary>
    /// Every archived exchange that asked about <paramref name="subjectId"/>, newest first: what a subject access
    /// report leaves out once days are archived. Reads each day file in <paramref name="directory"/> in turn, keeping
    /// only the matches.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is garbled or cut short (its name is in the message).</exception>
    public static IReadOnlyList<Interop.Hub.V1.Exchange> FindSubject(string directory, string subjectId) =>
    [
        .. Directory.EnumerateFiles(directory, $"{LogVerifier.LogTable}_*{FileExtension}")
            .SelectMany(ReadRecords)
            .Select(record => record.Exchange)
            .Where(exchange => exchange.SubjectIds.Contains(subjectId))
            .OrderByDescending(e => e.StartTime.ToDateTimeOffset())
            .ThenByDescending(e => e.ExchangeId, StringComparer.Ordinal),
    ];

    /// <summary>Where an archived day's file is.</summary>
    /// <exception cref="FileNotFoundException">It is not in <paramref name="directory"/>.</exception>
    public static string FileOf(ArchivedDay day, string directory)
    {
        ArgumentNullException.ThrowIfNull(day);
        var path = Path.Combine(directory, day.File);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path}, the day's archive file, is missing: give the directory 'interop log archive --out' wrote to.", path);
    }

    /// <summary>The file name a day is archived under.</summary>
    public static string FileName(DateOnly day) => LogVerifier.PartitionName(day) + FileExtension;

    /// <summary>The UTC day an exchange started on, from its id; null for an id the hub never issued.</summary>
    public static DateOnly? DayOf(Guid exchangeId) =>
        ExchangeIdTime.Of(exchangeId) is { } start ? DateOnly.FromDateTime(start.UtcDateTime) : null;

    private static async Task<ArchivedDay> ArchiveDayAsync(NpgsqlConnection connection, DateOnly day, string directory, CancellationToken cancellationToken)
    {
        var partition = LogVerifier.PartitionName(day);
        var name = FileName(day);
        var path = Path.Combine(directory, name);

        var partial = path + ".partial";
        long records = 0;
        long? firstCheckpoint = null;
        long? lastCheckpoint = null;
        byte[] sha256;
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var command = new NpgsqlCommand(
                $"SELECT {LogVerifier.RowColumns} FROM {partition} ORDER BY checkpoint_seq, start_time, exchange_id", connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                var checkpointOrdinal = reader.GetOrdinal("checkpoint_seq");
                while (await reader.ReadAsync(cancellationToken))
                {
                    var leaf = LogVerifier.Leaf(reader);
                    var prefix = CodedOutputStream.ComputeLengthSize(leaf.Length);
                    var framed = new byte[prefix + leaf.Length];
                    var output = new CodedOutputStream(framed);
                    output.WriteLength(leaf.Length);
                    output.Flush();
                    leaf.CopyTo(framed, prefix);
                    hash.AppendData(framed);
                    await file.WriteAsync(framed, cancellationToken);
                    records++;
                    lastCheckpoint = reader.GetInt64(checkpointOrdinal);
                    firstCheckpoint ??= lastCheckpoint;
                }
            }

            sha256 = hash.GetHashAndReset();
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var record = new NpgsqlCommand(
            $"INSERT INTO {ArchiveTable} (day, records, file, sha256, archive_time, first_checkpoint, last_checkpoint) VALUES ($1, $2, $3, $4, now(), $5, $6)",
            connection,
            transaction)
        {
            Parameters =
            {
                new() { Value = day, NpgsqlDbType = NpgsqlDbType.Date },
                new() { Value = records, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = name, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = sha256, NpgsqlDbType = NpgsqlDbType.Bytea },
                new() { Value = (object?)firstCheckpoint ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = (object?)lastCheckpoint ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
            },
        })
        {
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        // Batches whose records all started by the day's end are archived whole (days go oldest first): listings need not
        // walk them. A batch that reaches into the next day keeps its row for the records still here.
        await using (var batches = new NpgsqlCommand($"DELETE FROM {LogVerifier.BatchTable} WHERE last_start < $1", connection, transaction)
        {
            Parameters = { new() { Value = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), NpgsqlDbType = NpgsqlDbType.TimestampTz } },
        })
        {
            await batches.ExecuteNonQueryAsync(cancellationToken);
        }

        // Dropping a partition takes the whole log's table for a moment; waiting for it behind a long query would hold up
        // the hub's writes queued behind the drop, so the drop gives up instead and the run can be made again.
        // The rows were read without a lock, so as not to hold up the hub's writes for a whole day's read: once the day is
        // held, it must still have exactly those rows, or a late record (written after the read) would go with the drop.
        await using (var hold = new NpgsqlCommand(
            $"SET LOCAL lock_timeout = '{LockWait.TotalMilliseconds:0}ms'; LOCK TABLE ONLY {LogVerifier.LogTable}, ONLY {partition} IN ACCESS EXCLUSIVE MODE; SELECT count(*) FROM {partition}",
            connection,
            transaction))
        {
            long held;
            try
            {
                held = (long)(await hold.ExecuteScalarAsync(cancellationToken))!;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                throw new IOException(
                    $"{day:yyyy-MM-dd} not archived: the log's table was busy (a long query or write) for {LockWait.TotalSeconds:0} s, so its partition could not be dropped without holding up the hub; nothing changed for that day, run it again.",
                    ex);
            }

            if (held != records)
            {
                throw new IOException(
                    $"{day:yyyy-MM-dd} not archived: {held - records:N0} record(s) of that day were written while it was being archived (a hub that was behind, or whose clock is); nothing changed for that day, run it again.");
            }
        }

        await using (var drop = new NpgsqlCommand($"DROP TABLE {partition}", connection, transaction))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        // Named last, just before the commit: a file of that name without its row in the archive table is what a run
        // that stopped here left, of a day still in the database, and the next run replaces it.
        File.Move(partial, path, overwrite: true);
        await transaction.CommitAsync(cancellationToken);
        return new ArchivedDay(day, records, name, sha256, firstCheckpoint, lastCheckpoint);
    }

    private static async Task<List<DateOnly>> PartitionDaysAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SelectPartitions, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var days = new List<DateOnly>();
        var prefix = LogVerifier.LogTable + "_";
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            if (name.StartsWith(prefix, StringComparison.Ordinal)
                && DateOnly.TryParseExact(name[prefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                days.Add(day);
            }
        }

        return days;
    }

    /// <returns>The next record's length, or null at the end of the file.</returns>
    private static int? ReadLength(Stream file)
    {
        var length = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var next = file.ReadByte();
            if (next < 0)
            {
                return shift == 0 ? null : throw new InvalidDataException("The archive file ends inside a record's length.");
            }

            length |= (next & 0x7F) << shift;
            if ((next & 0x80) == 0)
            {
                return length >= 0 ? length : throw new InvalidDataException("A record's length in the archive file is out of range.");
            }
        }

        throw new InvalidDataException("A record's length in the archive file is longer than five bytes.");
    }
}
