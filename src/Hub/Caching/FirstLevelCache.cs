using System.Collections.Concurrent;

namespace Interop.Hub.Caching;

/// <summary>
/// The in-process first level. Entries are grouped the way changes evict them (all as-of dates of a standing, all
/// pages of an employer's permits): a group is one Redis hash and one dictionary here, dropped as a whole.
/// </summary>
/// <remarks>
/// A size-bounded dictionary rather than MemoryCache or HybridCache: neither can drop a group of keys at once nor
/// be told from Redis pub/sub to drop a key (HybridCache has no cross-instance first-level invalidation), and the
/// hub must know whether an answer was a hit. Values are held decoded; callers get copies.
/// </remarks>
internal sealed class FirstLevelCache(int maxEntries)
{
    private readonly ConcurrentDictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private readonly Lock _trimming = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Groups held, none of them empty for long (for tests).</summary>
    public int GroupCount => _groups.Count;

    public bool TryGet(string group, string item, DateTimeOffset now, out object? value, out DateTimeOffset fetchedAt)
    {
        if (_groups.TryGetValue(group, out var entries) && entries.Items.TryGetValue(item, out var entry))
        {
            if (entry.ExpiresAt > now)
            {
                (value, fetchedAt) = (entry.Value, entry.FetchedAt);
                return true;
            }

            if (entries.Items.TryRemove(new KeyValuePair<string, Entry>(item, entry)))
            {
                Interlocked.Decrement(ref _count);
                ForgetIfEmpty(group, entries);
            }
        }

        (value, fetchedAt) = (null, default);
        return false;
    }

    public void Set(string agency, string group, string item, object? value, DateTimeOffset fetchedAt, DateTimeOffset expiresAt)
    {
        var entries = _groups.GetOrAdd(group, static (_, a) => new Group(a), agency);
        var entry = new Entry(value, fetchedAt, expiresAt);
        while (!entries.Items.TryAdd(item, entry))
        {
            // Replaced only if still there: one removed meanwhile is added again, and counted again.
            if (entries.Items.TryGetValue(item, out var held) && entries.Items.TryUpdate(item, entry, held))
            {
                return;
            }
        }

        Interlocked.Increment(ref _count);
        if (!_groups.TryGetValue(group, out var current) || !ReferenceEquals(current, entries))
        {
            // The group was dropped meanwhile (evicted, emptied): an entry left in it would be counted and never found.
            if (entries.Items.TryRemove(item, out _))
            {
                Interlocked.Decrement(ref _count);
            }

            return;
        }

        if (Count > maxEntries)
        {
            Trim(fetchedAt);
        }
    }

    public void Remove(string group, string item)
    {
        if (_groups.TryGetValue(group, out var entries) && entries.Items.TryRemove(item, out _))
        {
            Interlocked.Decrement(ref _count);
            ForgetIfEmpty(group, entries);
        }
    }

    public void RemoveGroup(string group)
    {
        if (_groups.TryRemove(group, out var entries))
        {
            Drop(entries);
        }
    }

    public void RemoveAgency(string agency)
    {
        foreach (var (group, entries) in _groups)
        {
            if (entries.Agency == agency)
            {
                RemoveGroup(group);
            }
        }
    }

    public void Clear()
    {
        foreach (var group in _groups.Keys)
        {
            RemoveGroup(group);
        }
    }

    /// <summary>Drops expired entries, then whole groups in no particular order, down to nine tenths of the bound.</summary>
    private void Trim(DateTimeOffset now)
    {
        if (!_trimming.TryEnter())
        {
            return;
        }

        try
        {
            foreach (var (_, entries) in _groups)
            {
                foreach (var (item, entry) in entries.Items)
                {
                    if (entry.ExpiresAt <= now && entries.Items.TryRemove(new KeyValuePair<string, Entry>(item, entry)))
                    {
                        Interlocked.Decrement(ref _count);
                    }
                }
            }

            foreach (var (group, entries) in _groups)
            {
                ForgetIfEmpty(group, entries);
            }

            var target = maxEntries - (maxEntries / 10);
            foreach (var group in _groups.Keys)
            {
                if (Count <= target)
                {
                    break;
                }

                RemoveGroup(group);
            }
        }
        finally
        {
            _trimming.Exit();
        }
    }

    /// <summary>
    /// Drops a group left empty, so that keys asked once (a "not found" for each of many numbers) do not leave a group
    /// each behind for good; an entry added to it meanwhile is taken back out by <see cref="Set"/>.
    /// </summary>
    private void ForgetIfEmpty(string group, Group entries)
    {
        if (entries.Items.IsEmpty && _groups.TryRemove(new KeyValuePair<string, Group>(group, entries)))
        {
            Drop(entries);
        }
    }

    /// <summary>Takes out the entries of a group no longer reachable, one by one: whoever removes an entry uncounts it.</summary>
    private void Drop(Group entries)
    {
        // By key, whatever the entry: one replaced since it was counted is still counted once.
        foreach (var item in entries.Items.Keys)
        {
            if (entries.Items.TryRemove(item, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }

    private sealed class Group(string agency)
    {
        public string Agency { get; } = agency;

        public ConcurrentDictionary<string, Entry> Items { get; } = new(StringComparer.Ordinal);
    }

    private sealed record Entry(object? Value, DateTimeOffset FetchedAt, DateTimeOffset ExpiresAt);
}
