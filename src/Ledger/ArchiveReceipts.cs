using Google.Protobuf;
using Interop.Hub.V1;
using Npgsql;
using NpgsqlTypes;

namespace Interop.Ledger;

/// <summary>
/// The receipt of an archived exchange, or why there is none: <see cref="Problem"/> says what the archive and the
/// checkpoints disagree on (the record deleted from its file, altered, or signed by no checkpoint), and neither is set
/// when no archived record has that id and no checkpoint signed one.
/// </summary>
public sealed record ArchiveReceipt(Receipt? Receipt, string? Problem);

/// <summary>
/// Receipts of exchanges whose day was archived: the hub answers them <c>EXCHANGE_ARCHIVED</c>, since their records left
/// its database, but their checkpoints (with each batch's entry list) stayed. The record's leaf comes from its day's
/// file, the audit path from the entry list, so the receipt is the one the hub would have given, and checks offline
/// the same way (<c>interop log verify-receipt</c>).
/// </summary>
public static class ArchiveReceipts
{
    /// <exception cref="ArgumentException">The id is not one the hub issues, or its day is not archived.</exception>
    /// <exception cref="FileNotFoundException">The day's archive file is not in <paramref name="directory"/>.</exception>
    /// <exception cref="InvalidDataException">The day's file is garbled or cut short.</exception>
    public static async Task<ArchiveReceipt> FindAsync(NpgsqlDataSource dataSource, string directory, Guid exchangeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var name = "exchanges/" + exchangeId;
        if (LogArchive.DayOf(exchangeId) is not { } day)
        {
            throw new ArgumentException($"{exchangeId} is not an exchange id the hub issued (a UUID version 7, made from the exchange's start time).");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var archived = await LogArchive.ArchivedDayAsync(connection, day, cancellationToken)
            ?? throw new ArgumentException($"{day:yyyy-MM-dd}, the day {name} started, is not archived: the hub gives its receipt (interop log receipt).");
        var id = exchangeId.ToString();
        var leaf = LogArchive.ReadRecords(LogArchive.FileOf(archived, directory)).FirstOrDefault(r => r.Exchange.ExchangeId == id).Leaf;
        var sealedBy = await FindCheckpointAsync(connection, exchangeId, archived, cancellationToken);

        return (leaf, sealedBy) switch
        {
            (null, null) => new(null, null),
            (null, { } checkpoint) => new(null, $"{archived.File} does not hold {name}, which checkpoint {checkpoint.Sequence} signed: the record was deleted from the archive"),
            (not null, null) => new(null, $"{archived.File} holds {name}, but no checkpoint of that day signed it: the record was inserted"),
            ({ } found, { } checkpoint) => Receipts.Build(name, exchangeId, found, checkpoint.Entries, checkpoint.Signed) is { } receipt
                ? new(receipt, null)
                : new(null, $"{name} was altered in {archived.File}: it no longer hashes to the leaf checkpoint {checkpoint.Sequence} signed"),
        };
    }

    /// <summary>
    /// The checkpoint, among those that sealed the day's records, whose entry list holds the exchange's id. PostgreSQL
    /// looks for the id's bytes anywhere in each list; a match counts only at an entry's place. A day archived before
    /// its range of checkpoints was kept is looked for in every checkpoint.
    /// </summary>
    private static async Task<SealingCheckpoint?> FindCheckpointAsync(
        NpgsqlConnection connection, Guid exchangeId, ArchivedDay day, CancellationToken cancellationToken)
    {
        var id = exchangeId.ToByteArray(bigEndian: true);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT sequence, key_id, checkpoint, signature, entries FROM {LogVerifier.CheckpointTable}
            WHERE sequence >= coalesce($1, 0) AND ($2 IS NULL OR sequence <= $2) AND position($3 IN entries) > 0
            ORDER BY sequence
            """,
            connection)
        {
            Parameters =
            {
                new() { Value = (object?)day.FirstCheckpoint ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = (object?)day.LastCheckpoint ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = id, NpgsqlDbType = NpgsqlDbType.Bytea },
            },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var entries = reader.GetFieldValue<byte[]>(4);
            if (CheckpointEntries.IndexOf(entries, exchangeId) >= 0)
            {
                var signed = new SignedCheckpoint
                {
                    KeyId = reader.GetString(1),
                    Checkpoint = ByteString.CopyFrom(reader.GetFieldValue<byte[]>(2)),
                    Signature = ByteString.CopyFrom(reader.GetFieldValue<byte[]>(3)),
                };
                return new SealingCheckpoint(reader.GetInt64(0), signed, entries);
            }
        }

        return null;
    }

    private sealed record SealingCheckpoint(long Sequence, SignedCheckpoint Signed, byte[] Entries);
}
