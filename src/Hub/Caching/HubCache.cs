using System.Collections.Concurrent;
using Interop.Hub.Agencies;
using Interop.Ports;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Caching;

/// <summary>
/// The read-through cache in front of the agencies: an in-process first level, Redis as the shared second level,
/// one agency call per key at a time (single-flight), and eviction on the agencies' change feeds.
/// </summary>
/// <remarks>
/// Built on StackExchange.Redis directly rather than HybridCache: HybridCache cannot drop first-level entries of
/// other instances, cannot drop a group of keys (every as-of date of a standing), and does not tell whether an
/// answer was a hit, which every answer's provenance must say.
/// <para>
/// Keys: <c>{prefix}:{schema}:{agency}:e{epoch}:{kind}:{key}</c>, a Redis hash whose fields are the variants
/// evicted with it (as-of dates, pages); the schema is a digest of the cached messages' descriptors, the epoch
/// a per-agency counter in Redis that is bumped when a feed cannot tell what changed, so old entries are never read.
/// </para>
/// <para>
/// An agency's answers bypass the cache (no read, no write) until its change feed is live, and again whenever it
/// is interrupted: an entry is served only while its evictions are sure to arrive.
/// </para>
/// </remarks>
internal sealed class HubCache
{
    private const string GroupsMessage = "G";
    private const string EpochMessage = "E";

    /// <summary>Evictions held for Redis while it is away; past this, the agency's epoch is bumped instead.</summary>
    private const int MaxPendingGroups = 10_000;

    /// <summary>How long a starting feed waits for a connected Redis to be caught up with before it reads its position.</summary>
    private static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan CatchUpPoll = TimeSpan.FromMilliseconds(20);


    /// <summary>The agencies whose answers are cached, each with its change feed.</summary>
    public static readonly string[] Agencies = [AgencyCodes.CommercialRegistry, AgencyCodes.SocialSecurityFund, AgencyCodes.MinistryOfLabour];

    private readonly CacheOptions _options;
    private readonly SecondLevelCache _secondLevel;
    private readonly FirstLevelCache? _firstLevel;
    private readonly EvictionLog _evictions;
    private readonly CacheMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HubCache> _logger;
    private readonly AgencyTimeLimit _agencyTimeLimit;
    private readonly string _keyPrefix;
    private readonly ConcurrentDictionary<string, Flight> _flights = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _epochs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _live = new(StringComparer.Ordinal);
    private readonly Lock _pendingLock = new();
    private readonly HashSet<string> _pendingGroups = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingEpochs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _unsavedPositions = new(StringComparer.Ordinal);
    private volatile bool _secondLevelReady;

    public HubCache(
        IOptions<CacheOptions> options,
        AgencyTimeLimit agencyTimeLimit,
        SecondLevelCache secondLevel,
        CacheMetrics metrics,
        TimeProvider timeProvider,
        ILogger<HubCache> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        (_secondLevel, _metrics, _timeProvider, _logger) = (secondLevel, metrics, timeProvider, logger);
        _firstLevel = _options.FirstLevel.Enabled ? new FirstLevelCache(_options.FirstLevel.MaxEntries) : null;
        _evictions = new EvictionLog(timeProvider);
        _agencyTimeLimit = agencyTimeLimit;
        _keyPrefix = $"{_options.KeyPrefix}:{CacheSchema.Version}:";
        Spaces = new CacheSpaces(_options);
        _secondLevel.Connected += OnSecondLevelConnectedAsync;
        _secondLevel.MessageReceived += OnMessage;
        _secondLevel.Start();
    }

    public CacheSpaces Spaces { get; }

    /// <summary>Entries in the first level (for tests and diagnostics).</summary>
    public int FirstLevelCount => _firstLevel?.Count ?? 0;

    /// <summary>Whether the agency's answers may be served from and stored in the cache: its change feed is live.</summary>
    public bool IsLive(string agency) => _live.TryGetValue(agency, out var live) && live;

    /// <summary>Whether a Redis second level is configured at all.</summary>
    public bool HasSecondLevel => _secondLevel.Configured;

    /// <summary>Whether Redis is connected, its epochs known and its pending evictions applied.</summary>
    public bool SecondLevelReady => _secondLevelReady && _secondLevel.Available && !_secondLevel.CatchUpPending;

    /// <summary>Whether evictions, epochs and positions can go to Redis (also while catching up with it).</summary>
    private bool RedisWritable => _secondLevelReady && _secondLevel.Available;

    public void SetLive(string agency, bool live) => _live[agency] = live;

    /// <summary>Completes when the first attempt to reach Redis is over (at once without Redis).</summary>
    public Task SecondLevelFirstAttempt => _secondLevel.FirstAttempt;

    public async Task<TValue> GetAsync<TValue>(
        CacheSpace<TValue> space, string key, string variant, Func<CancellationToken, Task<TValue>> fetch, CancellationToken cancellationToken)
    {
        var group = GroupKey(space.Agency, space.Name, key);
        var usable = IsLive(space.Agency);
        if (usable && _firstLevel is not null
            && _firstLevel.TryGet(group, variant, _timeProvider.GetUtcNow(), out var held, out var heldSince))
        {
            _metrics.Hit(space.Name, "l1");
            return space.Codec.Served((TValue)held!, heldSince);
        }

        var flightKey = string.Concat(group, "|", variant);
        Flight flight;
        Task<Fetched>? answer;
        do
        {
            var joined = flight = _flights.GetOrAdd(flightKey, static _ => new Flight());
            answer = joined.TryJoin(() => FlyAsync(space, group, variant, usable, fetch, flightKey, joined));
            if (answer is null)
            {
                // Abandoned by its last caller just now and not yet taken off the list: its answer will be a cancellation.
                _flights.TryRemove(new KeyValuePair<string, Flight>(flightKey, joined));
            }
        }
        while (answer is null);

        Fetched fetched;
        try
        {
            fetched = await answer.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The agency call is shared: it is cancelled only when every caller waiting for it has given up.
            if (flight.Leave())
            {
                // Nobody joins an abandoned call.
                _flights.TryRemove(new KeyValuePair<string, Flight>(flightKey, flight));
            }

            throw;
        }

        return space.Codec.Served((TValue)fetched.Value!, fetched.CachedAt);
    }

    /// <summary>
    /// Per-key entries for a batch: first level, then one pipelined read of Redis, then one agency call for the
    /// keys still missing. The answers are in the order of <paramref name="keys"/>.
    /// </summary>
    public async Task<IReadOnlyList<TValue>> GetManyAsync<TValue>(
        CacheSpace<TValue> space,
        IReadOnlyList<string> keys,
        Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<TValue>>> fetch,
        CancellationToken cancellationToken)
    {
        var usable = IsLive(space.Agency);
        var now = _timeProvider.GetUtcNow();
        var found = new Dictionary<string, (TValue Value, DateTimeOffset? CachedAt)>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (usable && _firstLevel is not null && _firstLevel.TryGet(GroupKey(space.Agency, space.Name, key), "", now, out var held, out var heldSince))
            {
                _metrics.Hit(space.Name, "l1");
                found[key] = ((TValue)held!, heldSince);
            }
            else
            {
                missing.Add(key);
            }
        }

        var since = _evictions.Current;
        if (usable && missing.Count > 0 && SecondLevelReady)
        {
            var groups = missing.Select(k => GroupKey(space.Agency, space.Name, k)).ToArray();
            var entries = await _secondLevel.GetManyAsync([.. groups.Select(g => (g, ""))]);
            var stillMissing = new List<string>();
            for (var i = 0; i < missing.Count; i++)
            {
                if (entries[i] is { } bytes && Decode(space, bytes) is { } entry)
                {
                    _metrics.Hit(space.Name, "l2");
                    StoreFirstLevel(space, groups[i], "", entry.Value, entry.FetchedAt, since);
                    found[missing[i]] = (entry.Value, entry.FetchedAt);
                }
                else
                {
                    stillMissing.Add(missing[i]);
                }
            }

            missing = stillMissing;
        }

        if (missing.Count > 0)
        {
            var answers = await _agencyTimeLimit.RunAsync(space.Agency, ct => fetch(missing, ct), cancellationToken);
            var fetchedAt = _timeProvider.GetUtcNow();
            for (var i = 0; i < missing.Count; i++)
            {
                CountMiss(space.Name, usable);
                if (usable)
                {
                    Store(space, GroupKey(space.Agency, space.Name, missing[i]), "", answers[i], fetchedAt, since);
                }

                found[missing[i]] = (answers[i], null);
            }
        }

        // One answer per position, a number asked twice answered twice; the records themselves are shared (see CacheCodec.Served).
        return [.. keys.Select(k => found[k]).Select(f => space.Codec.Served(f.Value, f.CachedAt))];
    }

    /// <summary>Drops what <paramref name="notices"/> make out of date, here, in Redis, and in every instance's first level.</summary>
    public async Task EvictAsync(string agency, IReadOnlyList<ChangeNotice> notices)
    {
        if (notices.Any(n => n.Kind == ChangeKind.Everything))
        {
            await BumpEpochAsync(agency);
            return;
        }

        var groups = notices
            .SelectMany(n => n.Keys.Select(k => GroupKey(agency, CacheSpaces.KindName(n.Kind), k)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        // Marked before dropped: a fetch that checks after storing sees the mark (see EvictionLog).
        foreach (var group in groups)
        {
            _evictions.Group(group);
            _firstLevel?.RemoveGroup(group);
        }

        _metrics.Evicted(agency, groups.Length);
        if (!_secondLevel.Configured)
        {
            return;
        }

        if (!RedisWritable || !await _secondLevel.DeleteAndPublishAsync(groups, GroupsMessage + "\n" + string.Join('\n', groups)))
        {
            HoldForRedis(agency, groups);
        }
    }

    /// <summary>Makes every cached answer of the agency unreachable, everywhere: its epoch moves on.</summary>
    /// <returns>
    /// True when Redis took the new epoch and told every instance; false when only this instance knows (no Redis
    /// configured, or Redis unreachable: then the new epoch waits for it).
    /// </returns>
    public async Task<bool> BumpEpochAsync(string agency)
    {
        _evictions.Agency(agency);
        _firstLevel?.RemoveAgency(agency);
        if (!_secondLevel.Configured)
        {
            _epochs.AddOrUpdate(agency, 1, (_, epoch) => epoch + 1);
            CacheLog.AgencyEpochBumped(_logger, agency, _epochs[agency]);
            return false;
        }

        if (RedisWritable && await _secondLevel.IncrementEpochAsync(EpochKey(agency)) is { } epoch
            && await _secondLevel.DeleteAndPublishAsync([], EpochMessage + "\n" + agency))
        {
            _epochs[agency] = epoch;
            CacheLog.AgencyEpochBumped(_logger, agency, epoch);
            return true;
        }

        lock (_pendingLock)
        {
            _pendingEpochs.Add(agency);
        }

        return false;
    }

    /// <summary>Where the agency's feed was last applied everywhere (stored in Redis); null when unknown.</summary>
    public async Task<long?> ReadPositionAsync(string agency, CancellationToken cancellationToken)
    {
        // Connected but still catching up (the multiplexer reports its connections one by one at start): wait for it,
        // rather than take "not read yet" for "lost" and make every instance's entries of the agency unreachable.
        var waitUntil = _timeProvider.GetUtcNow() + CatchUpWait;
        while (_secondLevel.Available && !SecondLevelReady && _timeProvider.GetUtcNow() < waitUntil)
        {
            await Task.Delay(CatchUpPoll, _timeProvider, cancellationToken);
        }

        if (!SecondLevelReady)
        {
            return null;
        }

        var (_, position) = await _secondLevel.ReadNumberAsync(PositionKey(agency));
        return position;
    }

    /// <summary>Remembers how far the agency's feed has been applied, once Redis has every eviction up to there.</summary>
    public async Task SavePositionAsync(string agency, long position)
    {
        if (!_secondLevel.Configured)
        {
            return;
        }

        lock (_pendingLock)
        {
            if (_pendingGroups.Count > 0 || _pendingEpochs.Count > 0 || !RedisWritable)
            {
                _unsavedPositions[agency] = position;
                return;
            }
        }

        if (!await _secondLevel.StoreMaxAsync(PositionKey(agency), position))
        {
            lock (_pendingLock)
            {
                _unsavedPositions[agency] = position;
            }
        }
    }

    /// <summary>A miss, and whether Redis could have answered it had it been up (the cost of a Redis outage).</summary>
    private void CountMiss(string kind, bool usable)
    {
        _metrics.Miss(kind);
        if (usable && _secondLevel.Configured && !SecondLevelReady)
        {
            _metrics.WithoutSecondLevel(kind);
        }
    }

    private async Task<Fetched> FlyAsync<TValue>(
        CacheSpace<TValue> space, string group, string variant, bool usable, Func<CancellationToken, Task<TValue>> fetch, string flightKey,
        Flight flight)
    {
        try
        {
            var since = _evictions.Current;
            if (usable && SecondLevelReady && await _secondLevel.GetAsync(group, variant) is { } bytes && Decode(space, bytes) is { } entry)
            {
                _metrics.Hit(space.Name, "l2");
                StoreFirstLevel(space, group, variant, entry.Value, entry.FetchedAt, since);
                return new Fetched(entry.Value, entry.FetchedAt);
            }

            CountMiss(space.Name, usable);
            var value = await _agencyTimeLimit.RunAsync(space.Agency, fetch, flight.Abandoned);
            // The answer's fetch time is when the agency answered, as for an answer served straight through.
            var fetchedAt = _timeProvider.GetUtcNow();
            if (usable)
            {
                Store(space, group, variant, value, fetchedAt, since);
            }

            return new Fetched(value, null);
        }
        finally
        {
            _flights.TryRemove(new KeyValuePair<string, Flight>(flightKey, flight));
        }
    }

    private (TValue Value, DateTimeOffset FetchedAt)? Decode<TValue>(CacheSpace<TValue> space, byte[] bytes)
    {
        try
        {
            var (value, fetchedAt) = space.Codec.Decode(bytes);
            return fetchedAt + space.TimeToLive(value) > _timeProvider.GetUtcNow() ? (value, fetchedAt) : null;
        }
        catch (Exception ex) when (ex is Google.Protobuf.InvalidProtocolBufferException or ArgumentOutOfRangeException)
        {
            // Unreadable bytes are a miss; the fresh answer overwrites them. A well-formed number can still be no time
            // (before year 1 or after 9999), which DateTimeOffset refuses with ArgumentOutOfRangeException.
            _metrics.Error("decode");
            return null;
        }
    }

    private void Store<TValue>(CacheSpace<TValue> space, string group, string variant, TValue value, DateTimeOffset fetchedAt, long since)
    {
        if (!StoreFirstLevel(space, group, variant, value, fetchedAt, since) || !SecondLevelReady)
        {
            return;
        }

        var timeToLive = space.TimeToLive(value);
        _secondLevel.Set(group, variant, space.Codec.Encode(value, fetchedAt), timeToLive);
        if (_evictions.EvictedSince(since, space.Agency, group))
        {
            // Evicted while the write was on its way: take the stale entry back out.
            _ = _secondLevel.DeleteAndPublishAsync([group], GroupsMessage + "\n" + group);
        }
    }

    /// <returns>False when the group was evicted since the fetch began: the value must not be stored anywhere.</returns>
    private bool StoreFirstLevel<TValue>(CacheSpace<TValue> space, string group, string variant, TValue value, DateTimeOffset fetchedAt, long since)
    {
        if (_evictions.EvictedSince(since, space.Agency, group))
        {
            return false;
        }

        if (_firstLevel is not null)
        {
            _firstLevel.Set(space.Agency, group, variant, value, fetchedAt, fetchedAt + space.TimeToLive(value));
            if (_evictions.EvictedSince(since, space.Agency, group))
            {
                _firstLevel.Remove(group, variant);
                return false;
            }
        }

        return true;
    }

    private string GroupKey(string agency, string kind, string key) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_keyPrefix}{agency}:e{_epochs.GetValueOrDefault(agency)}:{kind}:{key}");

    private string EpochKey(string agency) => $"{_options.KeyPrefix}:epoch:{agency}";

    private string PositionKey(string agency) => $"{_options.KeyPrefix}:feed:{agency}";

    private void HoldForRedis(string agency, IReadOnlyCollection<string> groups)
    {
        lock (_pendingLock)
        {
            if (_pendingGroups.Count + groups.Count > MaxPendingGroups)
            {
                _pendingEpochs.Add(agency);
            }
            else
            {
                _pendingGroups.UnionWith(groups);
            }
        }
    }

    private void OnMessage(string message)
    {
        var lines = message.Split('\n');
        if (lines[0] == GroupsMessage)
        {
            foreach (var group in lines.Skip(1))
            {
                _evictions.Group(group);
                _firstLevel?.RemoveGroup(group);
            }
        }
        else if (lines[0] == EpochMessage && lines.Length > 1)
        {
            var agency = lines[1];
            _evictions.Agency(agency);
            _firstLevel?.RemoveAgency(agency);
            _ = ReloadEpochAsync(agency);
        }
    }

    private async Task ReloadEpochAsync(string agency)
    {
        var (read, epoch, replaced) = await _secondLevel.ReadEpochAsync(EpochKey(agency));
        if (read)
        {
            _epochs[agency] = epoch;
            _evictions.Agency(agency);
            _firstLevel?.RemoveAgency(agency);
            if (replaced)
            {
                await AnnounceEpochAsync(agency);
            }
        }
    }

    /// <summary>Tells every instance to read the agency's epoch again (it was replaced, not counted up).</summary>
    private async Task AnnounceEpochAsync(string agency)
    {
        if (!await _secondLevel.DeleteAndPublishAsync([], EpochMessage + "\n" + agency))
        {
            lock (_pendingLock)
            {
                _pendingEpochs.Add(agency);
            }
        }
    }

    /// <summary>
    /// Redis is (back) up: whatever this instance's first level holds may have missed evictions broadcast while it
    /// was away, so it is dropped; epochs are read again; evictions held meanwhile are applied, then positions saved.
    /// </summary>
    private async Task<bool> OnSecondLevelConnectedAsync()
    {
        _secondLevelReady = false;
        // Only once Redis answers: a catch-up tried as the connection goes down (a failed operation reported before the
        // lost connection) would otherwise drop the first level that serves while Redis is away.
        if (!await ReadEpochsAsync())
        {
            return false;
        }

        _evictions.Everything();
        _firstLevel?.Clear();

        string[] groups, epochs;
        KeyValuePair<string, long>[] positions;
        lock (_pendingLock)
        {
            (groups, epochs, positions) = ([.. _pendingGroups], [.. _pendingEpochs], [.. _unsavedPositions]);
            _pendingGroups.Clear();
            _pendingEpochs.Clear();
            _unsavedPositions.Clear();
        }

        _secondLevelReady = true;
        foreach (var agency in epochs)
        {
            await BumpEpochAsync(agency);
        }

        if (groups.Length > 0 && !await _secondLevel.DeleteAndPublishAsync(groups, GroupsMessage + "\n" + string.Join('\n', groups)))
        {
            lock (_pendingLock)
            {
                _pendingGroups.UnionWith(groups);
            }
        }

        foreach (var (agency, position) in positions)
        {
            await SavePositionAsync(agency, position);
        }

        CacheLog.RedisRestored(_logger, groups.Length);
        return true;
    }

    private async Task<bool> ReadEpochsAsync()
    {
        foreach (var agency in Agencies)
        {
            var (read, epoch, replaced) = await _secondLevel.ReadEpochAsync(EpochKey(agency));
            if (!read)
            {
                return false;
            }

            _epochs[agency] = epoch;
            if (replaced)
            {
                await AnnounceEpochAsync(agency);
            }
        }

        return true;
    }

    /// <summary>One agency call shared by every caller that missed the same key meanwhile (single-flight).</summary>
    private sealed class Flight
    {
        private readonly CancellationTokenSource _abandoned = new();
        private readonly Lock _starting = new();
        private Task<Fetched>? _answer;
        private int _waiters;
        private bool _isAbandoned;

        public CancellationToken Abandoned => _abandoned.Token;

        /// <returns>The shared answer, or null when the call was abandoned: a caller joining it then would get a cancellation it never asked for.</returns>
        public Task<Fetched>? TryJoin(Func<Task<Fetched>> fly)
        {
            lock (_starting)
            {
                if (_isAbandoned)
                {
                    return null;
                }

                _waiters++;
                return _answer ??= fly();
            }
        }

        /// <returns>Whether the last caller left, abandoning the call.</returns>
        public bool Leave()
        {
            lock (_starting)
            {
                if (--_waiters != 0)
                {
                    return false;
                }

                _isAbandoned = true;
            }

            // Outside the lock: cancellation runs the agency call's callbacks.
            _abandoned.Cancel();
            return true;
        }
    }

    private sealed record Fetched(object? Value, DateTimeOffset? CachedAt);
}
