using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Interop.Hub.V1;
using Npgsql;
using NpgsqlTypes;

namespace Interop.Ledger;

/// <summary>One thing wrong in the log, where the chain puts it: checkpoint sequence, then leaf index.</summary>
/// <param name="Kind">altered, inserted, deleted (records), checkpoint (the chain itself) or batch (the row that lets
/// listings find a batch's records: a record it does not cover is hidden from them).</param>
public sealed record LogFinding(long Sequence, long Index, string Kind, string Description);

/// <param name="Records">Records checked in the database.</param>
/// <param name="ArchivedChecked">Records of archived days checked against their archive files.</param>
/// <param name="ArchivedUnchecked">Records of archived days not checked (no archive directory given, or its file missing).</param>
public sealed record LogVerification(IReadOnlyList<LogFinding> Findings, long Checkpoints, long Records, long ArchivedChecked = 0, long ArchivedUnchecked = 0)
{
    public bool Valid => Findings.Count == 0;
}

/// <summary>
/// Re-checks the hub's log over its database: every checkpoint's signature, the chain's links and sequence, every
/// batch's entry list against its signed hash and root, and every row against its signed leaf. Findings are in
/// chain order, so the first one is the earliest place where the log departs from what the hub signed.
/// </summary>
public static class LogVerifier
{
    public const string LogTable = "exchange_log";

    /// <summary>The partition holding the records that started on <paramref name="day"/> (UTC).</summary>
    public static string PartitionName(DateOnly day) => $"{LogTable}_{day:yyyyMMdd}";

    public const string CheckpointTable = "exchange_log_checkpoint";

    /// <summary>One row per batch: its records' start-time span, agencies and subjects, through which listings find them.</summary>
    public const string BatchTable = "exchange_log_batch";

    private const int ChunkSize = 100;

    /// <summary>Most rows named as inserted because the checkpoint they claim does not exist.</summary>
    private const int MaxOrphans = 1000;

    /// <summary>A log row's columns, in the order <see cref="Leaf"/> reads them; the hub writes and reads in the same order.</summary>
    public const string RowColumns =
        "exchange_id, start_time, caller_agency, caller_system, provider_agency, method, subject_ids, status_code, latency_us, "
        + "cache_hit, request_bytes, response_bytes, request_sha256, response_sha256, purpose, case_reference, official_id, checkpoint_seq";

    public const string CheckpointColumns = "sequence, create_time, key_id, checkpoint, signature, entries";

    /// <param name="from">Only checkpoints sealed at or after this time (null: from the first).</param>
    /// <param name="to">Only checkpoints sealed before this time (null: to the last).</param>
    /// <param name="keptHeads">Heads kept outside the database (the hub logs one every minute): each must still be in the chain.</param>
    /// <param name="archiveDirectory">
    /// Where <c>interop log archive</c> put the days it moved out of the database: their records are checked against
    /// the files there. Null: they are counted as archived, not checked.
    /// </param>
    public static async Task<LogVerification> VerifyAsync(
        NpgsqlDataSource dataSource,
        KeyRing keys,
        DateTimeOffset? from,
        DateTimeOffset? to,
        CancellationToken cancellationToken,
        IReadOnlyCollection<ChainHead>? keptHeads = null,
        string? archiveDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(keys);
        var findings = new List<LogFinding>();
        long checkpoints = 0, records = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // A time range picks its first and last checkpoints; every one between them is checked, whatever its time: hub
        // instances stamp checkpoints with their own clocks, so times need not rise with sequences, and a checkpoint
        // sealed a few milliseconds "before" its predecessor would otherwise be reported missing, its rows unchecked.
        var (after, last) = from is null && to is null ? (0, long.MaxValue) : await SequenceRangeAsync(connection, from, to, cancellationToken);
        var chunk = await CheckpointsAsync(connection, after, last, cancellationToken);
        StoredCheckpoint? previous = null;
        if (chunk.Count > 0)
        {
            previous = from is null ? null : await PredecessorAsync(connection, chunk[0].Sequence, cancellationToken);
            if (previous is null && chunk[0].Sequence != 1)
            {
                findings.Add(new(1, -1, "checkpoint",
                    $"checkpoints 1 to {chunk[0].Sequence - 1} are missing: the chain starts at checkpoint {chunk[0].Sequence}"));
            }
        }

        var archives = new ArchiveCheck(await LogArchive.ArchivedDaysAsync(connection, cancellationToken), archiveDirectory, wholeChain: from is null && to is null);
        var hasBatchRows = await HasBatchTableAsync(connection, cancellationToken);
        while (chunk.Count > 0)
        {
            var rows = await RowsAsync(connection, chunk[0].Sequence, chunk[^1].Sequence, cancellationToken);
            var batchRows = hasBatchRows ? await BatchRowsAsync(connection, chunk[0].Sequence, chunk[^1].Sequence, cancellationToken) : null;
            foreach (var checkpoint in chunk)
            {
                checkpoints++;
                var trusted = CheckCheckpoint(checkpoint, previous, keys, findings);
                rows.Remove(checkpoint.Sequence, out var batch);
                records += batch?.Count ?? 0;
                // Rows the entries do not hold are named as inserted; hiding them from listings hides nothing.
                var signedRows = trusted ? CheckRecords(checkpoint, batch ?? [], archives, findings) : batch ?? [];
                if (batchRows is not null)
                {
                    CheckBatchRow(checkpoint.Sequence, batchRows.GetValueOrDefault(checkpoint.Sequence), signedRows, findings);
                }

                previous = checkpoint;
            }

            chunk = await CheckpointsAsync(connection, chunk[^1].Sequence, last, cancellationToken);
        }

        archives.Finish(findings);
        await FindOrphansAsync(connection, from, to, findings, cancellationToken);
        foreach (var head in keptHeads ?? [])
        {
            await CheckKeptHeadAsync(connection, head, findings, cancellationToken);
        }

        findings.Sort((a, b) => a.Sequence != b.Sequence ? a.Sequence.CompareTo(b.Sequence) : a.Index.CompareTo(b.Index));
        return new LogVerification(findings, checkpoints, records, archives.Checked, archives.Unchecked);
    }

    /// <summary>The canonical leaf of a row: the Exchange message the hub hashed, rebuilt from the row's columns.</summary>
    public static byte[] Leaf(NpgsqlDataReader row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var id = row.GetGuid(0).ToString("D");
        return new Exchange
        {
            Name = "exchanges/" + id,
            ExchangeId = id,
            StartTime = Timestamp.FromDateTimeOffset(row.GetFieldValue<DateTimeOffset>(1)),
            CallerAgency = row.GetString(2),
            CallerSystem = row.GetString(3),
            ProviderAgency = row.GetString(4),
            Method = row.GetString(5),
            SubjectIds = { row.GetFieldValue<string[]>(6) },
            StatusCode = (Google.Rpc.Code)row.GetInt16(7),
            Latency = Duration.FromTimeSpan(TimeSpan.FromTicks(row.GetInt64(8) * TimeSpan.TicksPerMicrosecond)),
            CacheHit = row.GetBoolean(9),
            RequestBytes = row.GetInt64(10),
            ResponseBytes = row.GetInt64(11),
            RequestSha256 = ByteString.CopyFrom(row.GetFieldValue<byte[]>(12)),
            ResponseSha256 = ByteString.CopyFrom(row.GetFieldValue<byte[]>(13)),
            Purpose = row.GetString(14),
            CaseReference = row.GetString(15),
            OfficialId = row.GetString(16),
        }.ToByteArray();
    }

    /// <returns>Whether the checkpoint's entry list can be trusted to check its rows against.</returns>
    private static bool CheckCheckpoint(StoredCheckpoint stored, StoredCheckpoint? previous, KeyRing keys, List<LogFinding> findings)
    {
        var n = stored.Sequence;
        void Add(string description) => findings.Add(new(n, -1, "checkpoint", $"checkpoint {n}: {description}"));

        if (previous is not null && previous.Sequence != n - 1)
        {
            // Placed where the missing checkpoints were, before the rows that claim them.
            findings.Add(new(previous.Sequence + 1, -1, "checkpoint", previous.Sequence == n - 2
                ? $"checkpoint {n - 1} is missing: checkpoint {previous.Sequence} is followed by checkpoint {n}"
                : $"checkpoints {previous.Sequence + 1} to {n - 1} are missing: checkpoint {previous.Sequence} is followed by checkpoint {n}"));
        }

        var signed = new SignedCheckpoint
        {
            Checkpoint = ByteString.CopyFrom(stored.Checkpoint),
            Signature = ByteString.CopyFrom(stored.Signature),
            KeyId = stored.KeyId,
        };
        if (Checkpoints.Check(signed, keys, out var checkpoint) is { } problem)
        {
            Add($"{problem}: the checkpoint or its signature was altered, or it was not made by the hub");
            return false;
        }

        if ((long)checkpoint!.Sequence != n)
        {
            Add($"the row holds the signed checkpoint {checkpoint.Sequence}");
            return false;
        }

        if (previous is not null && previous.Sequence == n - 1
            && !checkpoint.PreviousSha256.Span.SequenceEqual(Checkpoints.ChainHash(previous.Checkpoint)))
        {
            Add($"it does not link to checkpoint {n - 1} (its previous_sha256 is not the hash of checkpoint {n - 1}): one of the two was replaced");
        }
        else if (previous is null && n == 1 && !checkpoint.PreviousSha256.Span.SequenceEqual(Checkpoints.GenesisHash))
        {
            Add("the first checkpoint does not start the chain (its previous_sha256 is not zero)");
        }

        var count = CheckpointEntries.Count(stored.Entries);
        if (!CheckpointEntries.Hash(stored.Entries).AsSpan().SequenceEqual(checkpoint.EntriesSha256.Span))
        {
            Add("its entry list was altered (its hash is not the signed entries_sha256)");
            return false;
        }

        if (count != (long)checkpoint.RecordCount
            || !MerkleTree.Root(CheckpointEntries.LeafHashes(stored.Entries)).AsSpan().SequenceEqual(checkpoint.RootSha256.Span))
        {
            Add("its entry list does not give the signed root and record count");
            return false;
        }

        return true;
    }

    /// <returns>The rows whose id the checkpoint's entries hold.</returns>
    private static List<StoredRow> CheckRecords(StoredCheckpoint checkpoint, List<StoredRow> rows, ArchiveCheck archives, List<LogFinding> findings)
    {
        var n = checkpoint.Sequence;
        var byId = new Dictionary<Guid, List<StoredRow>>();
        foreach (var row in rows)
        {
            if (!byId.TryGetValue(row.ExchangeId, out var same))
            {
                byId[row.ExchangeId] = same = [];
            }

            same.Add(row);
        }

        var signedRows = new List<StoredRow>(rows.Count);
        var count = CheckpointEntries.Count(checkpoint.Entries);
        for (var i = 0; i < count; i++)
        {
            var id = CheckpointEntries.ExchangeId(checkpoint.Entries, i);
            if (!byId.Remove(id, out var same))
            {
                if (archives.Account(n, i, id, CheckpointEntries.LeafHash(checkpoint.Entries, i), findings))
                {
                    continue;
                }

                findings.Add(new(n, i, "deleted", $"record exchanges/{id} (checkpoint {n}, leaf {i}) was deleted: no row holds it"));
                continue;
            }

            signedRows.AddRange(same);

            if (!same[0].LeafHash.AsSpan().SequenceEqual(CheckpointEntries.LeafHash(checkpoint.Entries, i)))
            {
                findings.Add(new(n, i, "altered",
                    $"record exchanges/{id} (checkpoint {n}, leaf {i}) was altered: its row no longer hashes to the signed leaf"));
            }

            foreach (var copy in same.Skip(1))
            {
                findings.Add(new(n, count, "inserted", $"record exchanges/{copy.ExchangeId} was inserted: a second row with the id of leaf {i} of checkpoint {n}"));
            }
        }

        foreach (var (id, extra) in byId)
        {
            foreach (var _ in extra)
            {
                findings.Add(new(n, count, "inserted", $"record exchanges/{id} was inserted: it claims checkpoint {n}, whose entries do not hold it"));
            }
        }

        return signedRows;
    }

    /// <summary>
    /// The batch's row must cover every record that claims the batch: its start time within the row's span, its
    /// caller, provider and subjects listed. Anything left out is a record the listings no longer show.
    /// </summary>
    private static void CheckBatchRow(long sequence, StoredBatchRow? batchRow, List<StoredRow> rows, List<LogFinding> findings)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (batchRow is null)
        {
            findings.Add(new(sequence, -1, "batch", $"checkpoint {sequence}: its row in {BatchTable} is missing, so listings show none of its {rows.Count} records"));
            return;
        }

        foreach (var row in rows)
        {
            var uncovered = new List<string>();
            if (row.StartTime < batchRow.FirstStart || row.StartTime > batchRow.LastStart)
            {
                uncovered.Add("its start time");
            }

            uncovered.AddRange(new[] { row.CallerAgency, row.ProviderAgency }.Distinct(StringComparer.Ordinal)
                .Where(agency => !batchRow.Agencies.Contains(agency)).Select(agency => $"agency {agency}"));
            uncovered.AddRange(row.SubjectIds.Where(subject => !batchRow.SubjectIds.Contains(subject)).Select(subject => $"subject {subject}"));
            if (uncovered.Count > 0)
            {
                findings.Add(new(sequence, -1, "batch",
                    $"checkpoint {sequence}: its row in {BatchTable} does not cover record exchanges/{row.ExchangeId} ({string.Join(", ", uncovered)}): listings would not show it"));
            }
        }
    }

    private static async Task<bool> HasBatchTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT to_regclass('{BatchTable}') IS NOT NULL", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<Dictionary<long, StoredBatchRow>> BatchRowsAsync(
        NpgsqlConnection connection, long first, long last, CancellationToken cancellationToken)
    {
        await using var command = SequenceRange(
            connection, $"SELECT checkpoint_seq, first_start, last_start, agencies, subject_ids FROM {BatchTable} WHERE checkpoint_seq BETWEEN $1 AND $2", first, last);
        var batchRows = new Dictionary<long, StoredBatchRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            batchRows[reader.GetInt64(0)] = new StoredBatchRow(
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<string[]>(3).ToHashSet(StringComparer.Ordinal),
                reader.GetFieldValue<string[]>(4).ToHashSet(StringComparer.Ordinal));
        }

        return batchRows;
    }

    private static async Task FindOrphansAsync(
        NpgsqlConnection connection, DateTimeOffset? from, DateTimeOffset? to, List<LogFinding> findings, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter> { new() { Value = MaxOrphans, NpgsqlDbType = NpgsqlDbType.Integer } };
        var range = TimeRange(parameters, "e.start_time", from, to);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT e.exchange_id, e.checkpoint_seq FROM {LogTable} e
            WHERE NOT EXISTS (SELECT 1 FROM {CheckpointTable} c WHERE c.sequence = e.checkpoint_seq){range}
            ORDER BY e.checkpoint_seq, e.start_time LIMIT $1
            """,
            connection);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (id, sequence) = (reader.GetGuid(0), reader.GetInt64(1));
            findings.Add(new(sequence, long.MaxValue, "inserted", sequence == 0
                ? $"record exchanges/{id} is sealed by no checkpoint (checkpoint 0): inserted, or written before the log had checkpoints"
                : $"record exchanges/{id} was inserted, or its checkpoint deleted: it claims checkpoint {sequence}, which does not exist"));
        }
    }

    /// <returns>The sequence before the range's first checkpoint and its last one; (0, 0) when it holds none.</returns>
    private static async Task<(long After, long Last)> SequenceRangeAsync(
        NpgsqlConnection connection, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>();
        var range = TimeRange(parameters, "create_time", from, to);
        await using var command = new NpgsqlCommand(
            $"SELECT coalesce(min(sequence) - 1, 0), coalesce(max(sequence), 0) FROM {CheckpointTable} WHERE true{range}", connection);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<List<StoredCheckpoint>> CheckpointsAsync(NpgsqlConnection connection, long after, long last, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {CheckpointColumns} FROM {CheckpointTable} WHERE sequence > $1 AND sequence <= $2 ORDER BY sequence LIMIT $3", connection)
        {
            Parameters =
            {
                new() { Value = after, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = last, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = ChunkSize, NpgsqlDbType = NpgsqlDbType.Integer },
            },
        };
        return await ReadCheckpointsAsync(command, cancellationToken);
    }

    /// <summary>A kept head must be in the chain, byte for byte: gone, the tail was cut; different, it was replaced.</summary>
    private static async Task CheckKeptHeadAsync(NpgsqlConnection connection, ChainHead head, List<LogFinding> findings, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT (SELECT checkpoint FROM {CheckpointTable} WHERE sequence = $1), (SELECT max(sequence) FROM {CheckpointTable})", connection)
        {
            Parameters = { new() { Value = head.Sequence, NpgsqlDbType = NpgsqlDbType.Bigint } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var last = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        if (reader.IsDBNull(0))
        {
            findings.Add(new(head.Sequence, -1, "checkpoint", last < head.Sequence
                ? $"checkpoint {head.Sequence} (kept head {head}) is missing: the chain ends at checkpoint {last}, so its tail was deleted"
                : $"checkpoint {head.Sequence} (kept head {head}) is missing from the chain"));
            return;
        }

        var stored = ChainHead.Of(head.Sequence, reader.GetFieldValue<byte[]>(0));
        if (stored.HashHex != head.HashHex)
        {
            findings.Add(new(head.Sequence, -1, "checkpoint",
                $"checkpoint {head.Sequence} is not the one kept ({head}): its chain hash is now {stored.HashHex}, so it was replaced"));
        }
    }

    private static async Task<StoredCheckpoint?> PredecessorAsync(NpgsqlConnection connection, long sequence, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {CheckpointColumns} FROM {CheckpointTable} WHERE sequence < $1 ORDER BY sequence DESC LIMIT 1", connection)
        {
            Parameters = { new() { Value = sequence, NpgsqlDbType = NpgsqlDbType.Bigint } },
        };
        return (await ReadCheckpointsAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<List<StoredCheckpoint>> ReadCheckpointsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var checkpoints = new List<StoredCheckpoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            checkpoints.Add(new StoredCheckpoint(
                reader.GetInt64(0), reader.GetString(2), reader.GetFieldValue<byte[]>(3), reader.GetFieldValue<byte[]>(4), reader.GetFieldValue<byte[]>(5)));
        }

        return checkpoints;
    }

    /// <summary>The rows that claim checkpoints first..last, each reduced to its id and leaf hash.</summary>
    private static async Task<Dictionary<long, List<StoredRow>>> RowsAsync(
        NpgsqlConnection connection, long first, long last, CancellationToken cancellationToken)
    {
        await using var command = SequenceRange(connection, $"SELECT {RowColumns} FROM {LogTable} WHERE checkpoint_seq BETWEEN $1 AND $2", first, last);
        var rows = new Dictionary<long, List<StoredRow>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sequence = reader.GetInt64(17);
            if (!rows.TryGetValue(sequence, out var batch))
            {
                rows[sequence] = batch = [];
            }

            batch.Add(new StoredRow(
                reader.GetGuid(0),
                MerkleTree.HashLeaf(Leaf(reader)),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                reader.GetString(4),
                reader.GetFieldValue<string[]>(6)));
        }

        return rows;
    }

    /// <summary>A query over checkpoints <paramref name="first"/> ($1) to <paramref name="last"/> ($2).</summary>
    private static NpgsqlCommand SequenceRange(NpgsqlConnection connection, string sql, long first, long last) => new(sql, connection)
    {
        Parameters =
        {
            new() { Value = first, NpgsqlDbType = NpgsqlDbType.Bigint },
            new() { Value = last, NpgsqlDbType = NpgsqlDbType.Bigint },
        },
    };

    private static string TimeRange(List<NpgsqlParameter> parameters, string column, DateTimeOffset? from, DateTimeOffset? to)
    {
        var range = string.Empty;
        if (from is { } start)
        {
            parameters.Add(new() { Value = start, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            range += string.Create(CultureInfo.InvariantCulture, $" AND {column} >= ${parameters.Count}");
        }

        if (to is { } end)
        {
            parameters.Add(new() { Value = end, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            range += string.Create(CultureInfo.InvariantCulture, $" AND {column} < ${parameters.Count}");
        }

        return range;
    }

    private sealed record StoredCheckpoint(long Sequence, string KeyId, byte[] Checkpoint, byte[] Signature, byte[] Entries);

    private sealed record StoredRow(Guid ExchangeId, byte[] LeafHash, DateTimeOffset StartTime, string CallerAgency, string ProviderAgency, string[] SubjectIds);

    private sealed record StoredBatchRow(DateTimeOffset FirstStart, DateTimeOffset LastStart, HashSet<string> Agencies, HashSet<string> SubjectIds);
}
