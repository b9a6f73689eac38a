using System.Security.Cryptography;
using Google.Protobuf;
using Interop.Hub.V1;

namespace Interop.Ledger;

/// <summary>
/// The verifier's view of the archived days: which days left the database, and (given the archive directory) the
/// leaf hash of every record their files hold, by exchange id. A signed entry whose record is no longer in the
/// database is checked against its day's file instead of being named deleted.
/// </summary>
/// <remarks>
/// A day's file is read when the walk first needs it and let go once the walk is two days past it (checkpoints come
/// in time order): years of archives are never held in memory at once.
/// </remarks>
/// <param name="directory">Where the archive files are; null: archived records are counted, not checked.</param>
/// <param name="wholeChain">Whether the walk covers every checkpoint: only then is a record no entry reached an insertion.</param>
internal sealed class ArchiveCheck(IReadOnlyList<ArchivedDay> days, string? directory, bool wholeChain)
{
    private readonly Dictionary<DateOnly, ArchivedDay> _days = days.ToDictionary(d => d.Day);

    /// <summary>The files in memory; null for one that is missing or unreadable from its start.</summary>
    private readonly Dictionary<DateOnly, Dictionary<Guid, byte[]>?> _loaded = [];

    private readonly HashSet<DateOnly> _read = [];

    /// <summary>Days read a second time (an entry of a day the walk had gone past): their leftovers are not named again.</summary>
    private readonly HashSet<DateOnly> _reread = [];

    /// <summary>Archived records checked against their file's leaves.</summary>
    public long Checked { get; private set; }

    /// <summary>Archived records not checked: no archive directory given, or their file missing or unreadable.</summary>
    public long Unchecked { get; private set; }

    /// <returns>True when the record's day was archived (and the record is checked here, or counted as unchecked).</returns>
    public bool Account(long sequence, long index, Guid id, ReadOnlySpan<byte> signedLeafHash, List<LogFinding> findings)
    {
        if (LogArchive.DayOf(id) is not { } day || !_days.TryGetValue(day, out var archived))
        {
            return false;
        }

        if (directory is null || Leaves(day, findings) is not { } leaves)
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

    /// <summary>
    /// After the walk: the records of the archive files that no checkpoint's entries held are named inserted, and on a
    /// walk of the whole chain every archived day's file is checked, the ones no entry reached too.
    /// </summary>
    public void Finish(List<LogFinding> findings)
    {
        if (directory is not null && wholeChain)
        {
            foreach (var day in _days.Keys.Where(day => !_read.Contains(day)).Order())
            {
                Leaves(day, findings);
            }
        }

        foreach (var day in _loaded.Keys.ToList())
        {
            Release(day, findings);
        }
    }

    private Dictionary<Guid, byte[]>? Leaves(DateOnly day, List<LogFinding> findings)
    {
        if (_loaded.TryGetValue(day, out var loaded))
        {
            return loaded;
        }

        foreach (var passed in _loaded.Keys.Where(d => d < day.AddDays(-1)).ToList())
        {
            Release(passed, findings);
        }

        if (!_read.Add(day))
        {
            _reread.Add(day);
        }

        return _loaded[day] = Read(_days[day], _reread.Contains(day) ? [] : findings);
    }

    private void Release(DateOnly day, List<LogFinding> findings)
    {
        if (wholeChain && !_reread.Contains(day) && _loaded[day] is { } leftovers)
        {
            foreach (var id in leftovers.Keys)
            {
                findings.Add(new(long.MaxValue, long.MaxValue, "inserted",
                    $"record exchanges/{id} in {_days[day].File} was inserted: no checkpoint's entries hold it"));
            }
        }

        _loaded.Remove(day);
    }

    /// <returns>The leaf hashes by exchange id; null when the file is missing.</returns>
    private Dictionary<Guid, byte[]>? Read(ArchivedDay day, List<LogFinding> findings)
    {
        var path = Path.Combine(directory!, day.File);
        void Add(string description) => findings.Add(new(0, -1, "archive", $"archive of {day.Day:yyyy-MM-dd}: {description}"));
        if (!File.Exists(path))
        {
            Add($"{path} is missing: its {day.Records:N0} records cannot be checked");
            return null;
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

        return leaves;
    }
}
