namespace Interop.Adapters.Outbox;

/// <summary>
/// How far an outbox has been read: the highest sequence seen, and the sequences below it not seen yet (holes),
/// each with the snapshot xmax at which it was found. A hole is forgotten once read, or once the oldest running
/// transaction is past that xmax: its owner has finished, and had it committed the row would have been read.
/// </summary>
internal sealed class OutboxCursor(long position)
{
    private const long Unmarked = long.MaxValue;

    private readonly SortedDictionary<long, long> _holes = [];

    public long Highest { get; private set; } = position;

    public bool HasHoles => _holes.Count > 0;

    /// <summary>Where a follower may resume without missing a change: just before the oldest open hole.</summary>
    public long Position => _holes.Count > 0 ? _holes.Keys.First() - 1 : Highest;

    public void Saw(long sequence)
    {
        if (sequence > Highest)
        {
            for (var missing = Highest + 1; missing < sequence; missing++)
            {
                _holes[missing] = Unmarked;
            }

            Highest = sequence;
        }
        else
        {
            _holes.Remove(sequence);
        }
    }

    public void MarkNewHoles(long snapshotXmax)
    {
        foreach (var hole in _holes.Where(h => h.Value == Unmarked).Select(h => h.Key).ToList())
        {
            _holes[hole] = snapshotXmax;
        }
    }

    public long[] Holes() => [.. _holes.Keys];

    public void ForgetFinishedHoles(long snapshotXmin)
    {
        foreach (var hole in _holes.Where(h => h.Value <= snapshotXmin).Select(h => h.Key).ToList())
        {
            _holes.Remove(hole);
        }
    }
}
