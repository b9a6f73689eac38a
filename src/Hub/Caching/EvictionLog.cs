using System.Collections.Concurrent;

namespace Interop.Hub.Caching;

/// <summary>
/// Recent evictions, so that an answer fetched before a change is not stored after the change evicted it: a
/// fetch notes <see cref="Current"/> before it starts and stores only if nothing it covers was evicted since.
/// Storing first and checking after (while eviction marks first and drops after) closes the race both ways.
/// </summary>
internal sealed class EvictionLog(TimeProvider timeProvider)
{
    /// <summary>Longer than any fetch can last (the agency timeout), so no fetch outlives the marks it needs.</summary>
    private static readonly TimeSpan Memory = TimeSpan.FromMinutes(2);

    private const int PruneAbove = 4096;

    private readonly ConcurrentDictionary<string, Mark> _groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _agencies = new(StringComparer.Ordinal);
    private readonly Lock _pruning = new();
    private long _generation;
    private long _everything;

    /// <summary>
    /// Marks held before the next prune: twice what the last one kept. A fixed bound made every mark scan them all
    /// once more marks than it were younger than <see cref="Memory"/> (a bulk change: 20,000 evictions took 4 s).
    /// </summary>
    private int _pruneAbove = PruneAbove;

    public long Current => Interlocked.Read(ref _generation);

    /// <summary>Prunes run so far (for tests: the work marks cost).</summary>
    public int Prunes { get; private set; }

    /// <summary>Marks held (for tests).</summary>
    public int Count => _groups.Count;

    public void Group(string group)
    {
        _groups[group] = new Mark(Interlocked.Increment(ref _generation), timeProvider.GetUtcNow());
        if (_groups.Count > Volatile.Read(ref _pruneAbove) && _pruning.TryEnter())
        {
            try
            {
                var forgetBefore = timeProvider.GetUtcNow() - Memory;
                foreach (var (key, mark) in _groups)
                {
                    if (mark.At < forgetBefore)
                    {
                        _groups.TryRemove(new KeyValuePair<string, Mark>(key, mark));
                    }
                }

                Prunes++;
                Volatile.Write(ref _pruneAbove, Math.Max(PruneAbove, _groups.Count * 2));
            }
            finally
            {
                _pruning.Exit();
            }
        }
    }

    public void Agency(string agency) => _agencies[agency] = Interlocked.Increment(ref _generation);

    public void Everything() => Interlocked.Exchange(ref _everything, Interlocked.Increment(ref _generation));

    /// <summary>Whether <paramref name="group"/> of <paramref name="agency"/> was evicted after <paramref name="generation"/>.</summary>
    public bool EvictedSince(long generation, string agency, string group) =>
        Interlocked.Read(ref _everything) > generation
        || (_agencies.TryGetValue(agency, out var agencyMark) && agencyMark > generation)
        || (_groups.TryGetValue(group, out var mark) && mark.Generation > generation);

    private readonly record struct Mark(long Generation, DateTimeOffset At);
}
