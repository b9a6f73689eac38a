using System.Security.Cryptography;
using Google.Protobuf;
using Interop.Hub.V1;

namespace Interop.Ledger;

/// <summary>
/// The verifier's view of the archived days: which days left the database, and (given the archive directory) the
/// leaf hash of every record their files hold, by exchange id. A signed entry whose record is no longer in the
/// database is then checked against its day's file instead of being named deleted.
/// </summary>
internal sealed class ArchiveCheck
{
    private readonly Dictionary<DateOnly, ArchivedDay> _days;
    private readonly Dictionary<DateOnly, Dictionary<Guid, byte[]>> _leaves = [];

    private ArchiveCheck(IReadOnlyList<ArchivedDay> days) => _days = days.ToDictionary(d => d.Day);

    /// <summary>Archived records checked against their file's leaves.</summary>
    public long Checked { get; private set; }

    /// <summary>Archived records not checked: no archive directory given, or their file missing or unreadable.</summary>
    public long Unchecked { get; private set; }

    /// <param name="directory">Where the archive files are; null: archived records are counted, not checked.</param>
    public static ArchiveCheck Load(IReadOnlyList<ArchivedDay> days, string? directory, List<LogFinding> findings)
    {
        var check = new ArchiveCheck(days);
        if (directory is null)
        {
            return check;
        }

        foreach (var day in days)
        {
            var path = Path.Combine(directory, day.File);
            void Add(string description) => findings.Add(new(0, -1, "archive", $"archive of {day.Day:yyyy-MM-dd}: {description}"));
            if (!File.Exists(path))
            {
                Add($"{path} is missing: its {day.Records:N0} records cannot be checked");
                continue;
            }

            using var file = File.OpenRead(path);
            if (!SHA256.HashData(file).AsSpan().SequenceEqual(day.Sha256))
            {
                Add($"{path} is not the file archived (its SHA-256 differs from the one recorded in {LogArchive.ArchiveTable}); its records are checked one by one");
            }

            file.Position = 0;
            var leaves = new Dictionary<Guid, byte[]>();
            try
            {
                foreach (var leaf in LogArchive.ReadLeaves(file))
                {
                    var exchange = Exchange.Parser.ParseFrom(leaf);
                    if (!Guid.TryParse(exchange.ExchangeId, out var id))
                    {
                        Add($"a record in {path} has no exchange id ('{exchange.ExchangeId}')");
                        continue;
                    }

                    leaves[id] = MerkleTree.HashLeaf(leaf);
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or InvalidProtocolBufferException)
            {
                Add($"{path} cannot be read past its first {leaves.Count:N0} records ({ex.Message})");
            }

            check._leaves[day.Day] = leaves;
        }

        return check;
    }

    /// <returns>True when the record's day was archived (and the record is checked here, or counted as unchecked).</returns>
    public bool Account(long sequence, long index, Guid id, ReadOnlySpan<byte> signedLeafHash, List<LogFinding> findings)
    {
        if (LogArchive.DayOf(id) is not { } day || !_days.TryGetValue(day, out var archived))
        {
            return false;
        }

        if (!_leaves.TryGetValue(day, out var leaves))
        {
            Unchecked++;
            return true;
        }

        Checked++;
        if (!leaves.Remove(id, out var leafHash))
        {
            findings.Add(new(sequence, index, "deleted",
                $"record exchanges/{id} (checkpoint {sequence}, leaf {index}) was deleted: its day was archived, and {archived.File} does not hold it"));
        }
        else if (!leafHash.AsSpan().SequenceEqual(signedLeafHash))
        {
            findings.Add(new(sequence, index, "altered",
                $"record exchanges/{id} (checkpoint {sequence}, leaf {index}) was altered in {archived.File}: it no longer hashes to the signed leaf"));
        }

        return true;
    }

    /// <summary>Records of the archive files that no checkpoint's entries held: only meaningful after a walk of the whole chain.</summary>
    public void NameUnsigned(List<LogFinding> findings)
    {
        foreach (var (day, leaves) in _leaves)
        {
            foreach (var id in leaves.Keys)
            {
                findings.Add(new(long.MaxValue, long.MaxValue, "inserted",
                    $"record exchanges/{id} in {_days[day].File} was inserted: no checkpoint's entries hold it"));
            }
        }
    }
}
