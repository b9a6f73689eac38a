using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interop.Hub.Caching;

/// <summary>
/// Redis, the second level shared by every hub instance: entries, evictions broadcast over pub/sub, the
/// per-agency epochs and change-feed positions. Never throws: a Redis that is down or slow makes every operation
/// answer "nothing" at once, and while it is disconnected (or for a moment after an operation failed) the hub
/// does not even try, so a dead Redis never adds its timeout to a call.
/// </summary>
internal sealed partial class SecondLevelCache : IAsyncDisposable
{
    /// <summary>After a failed operation, Redis is left alone this long before the next try.</summary>
    private static readonly TimeSpan BreakAfterFailure = TimeSpan.FromSeconds(1);

    /// <summary>How often a reconnected Redis is checked for a catch-up still to do.</summary>
    private static readonly TimeSpan SupervisionInterval = TimeSpan.FromMilliseconds(100);

    // Sets one entry of a group and (re)arms the group's expiry in one round trip.
    private const string SetEntryScript = "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]); redis.call('PEXPIRE', KEYS[1], ARGV[3])";

    // A feed position only moves forward, whichever instance stores it; one that is no number is overwritten.
    private const string StoreMaxScript = """
        local current = tonumber(redis.call('GET', KEYS[1])) or -1
        if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
        """;

    // An epoch that is no count (INCR refuses it) is replaced, in the same step, by ARGV[1], which no instance has
    // used: every instance that reads it meanwhile gets the same. Answers {epoch, 1 when replaced}.
    private const string ReadEpochScript = """
        local value = redis.call('GET', KEYS[1])
        if not value then return {'0', 0} end
        if #value <= 18 and string.match(value, '^%d+$') then return {value, 0} end
        redis.call('SET', KEYS[1], ARGV[1])
        return {ARGV[1], 1}
        """;

    private const string IncrementEpochScript = """
        local value = redis.call('GET', KEYS[1])
        if value and not (#value <= 18 and string.match(value, '^%d+$')) then
            redis.call('SET', KEYS[1], ARGV[1])
            return tonumber(ARGV[1])
        end
        return redis.call('INCR', KEYS[1])
        """;

    private readonly ILogger<SecondLevelCache> _logger;
    private readonly CacheMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly RedisChannel _channel;
    private readonly CacheOptions _options;
    private readonly CoalescedReads _reads = new();
    private Task _reading = Task.CompletedTask;
    private Task<ConnectionMultiplexer?> _connecting = Task.FromResult<ConnectionMultiplexer?>(null);
    private ConnectionMultiplexer? _redis;
    private long _skipUntilTicks;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _catchingUp = new(1, 1);
    private Task _supervising = Task.CompletedTask;
    private int _down;
    private int _catchUpFailing;
    private int _subscribed;
    private long _connectionEvents;
    private long _caughtUpWith = -1;

    public SecondLevelCache(IOptions<CacheOptions> options, ILogger<SecondLevelCache> logger, CacheMetrics metrics, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cache = options.Value;
        (_logger, _metrics, _timeProvider) = (logger, metrics, timeProvider);
        _channel = RedisChannel.Literal($"{cache.KeyPrefix}:evictions");
        Configured = cache.HasSecondLevel;
        _options = cache;
    }

    /// <summary>
    /// Raised when the connection is made, and again whenever it comes back after a loss; the handler answers
    /// false when it could not catch up, and is called again shortly.
    /// </summary>
    public event Func<Task<bool>>? Connected;

    /// <summary>Raised for every message another instance (or this one) broadcast.</summary>
    public event Action<string>? MessageReceived;

    public bool Configured { get; }

    /// <summary>Whether Redis is worth asking right now.</summary>
    public bool Available =>
        _redis is { IsConnected: true } && _timeProvider.GetUtcNow().UtcTicks >= Interlocked.Read(ref _skipUntilTicks);

    public bool IsConnected => _redis is { IsConnected: true };

    /// <summary>
    /// Whether the connection was lost or came back since the hub last caught up with Redis: until it has, what
    /// Redis holds and what this instance holds may disagree, so Redis is not used.
    /// </summary>
    public bool CatchUpPending => Interlocked.Read(ref _caughtUpWith) != Interlocked.Read(ref _connectionEvents);

    /// <summary>Starts connecting (in the background); call once, after subscribing to <see cref="Connected"/>.</summary>
    public void Start()
    {
        if (Configured)
        {
            _connecting = ConnectAsync(_options);
            _reading = Task.Run(() => _reads.RunAsync(() => Available ? _redis!.GetDatabase() : null, ex => Failed("get", ex), _options.RedisTimeout, _stopping.Token));
        }
    }

    /// <summary>Completes once the first connection attempt is over, successful or not.</summary>
    public Task FirstAttempt => _connecting;

    public async Task<byte[]?> GetAsync(string key, string field)
    {
        if (!Available)
        {
            return null;
        }

        return (byte[]?)await _reads.ReadAsync(key, field);
    }

    public async Task<byte[]?[]> GetManyAsync(IReadOnlyList<(string Key, string Field)> entries)
    {
        var found = new byte[]?[entries.Count];
        if (!Available)
        {
            return found;
        }

        try
        {
            // The multiplexer pipelines these: one round trip for the batch.
            var database = _redis!.GetDatabase();
            var reads = entries.Select(e => database.HashGetAsync(e.Key, e.Field)).ToArray();
            var values = await Task.WhenAll(reads);
            for (var i = 0; i < values.Length; i++)
            {
                found[i] = (byte[]?)values[i];
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Failed("get", ex);
        }

        return found;
    }

    /// <summary>Stores an entry without waiting for Redis: the answer does not wait for the cache.</summary>
    public void Set(string key, string field, byte[] entry, TimeSpan timeToLive)
    {
        if (!Available)
        {
            return;
        }

        try
        {
            _redis!.GetDatabase().ScriptEvaluate(
                SetEntryScript, [key], [field, entry, (long)timeToLive.TotalMilliseconds], CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Failed("set", ex);
        }
    }

    /// <summary>Runs a script on the shared Redis; null when Redis is not there or the call failed (the caller falls back).</summary>
    public async Task<RedisResult?> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values)
    {
        if (!Available)
        {
            return null;
        }

        try
        {
            return await _redis!.GetDatabase().ScriptEvaluateAsync(script, keys, values);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Failed("evaluate", ex);
            return null;
        }
    }

    /// <summary>Deletes groups and broadcasts <paramref name="message"/>; false when Redis could not be told.</summary>
    public async Task<bool> DeleteAndPublishAsync(IReadOnlyList<string> keys, string message)
    {
        if (!Available)
        {
            return false;
        }

        try
        {
            var database = _redis!.GetDatabase();
            if (keys.Count > 0)
            {
                await database.KeyDeleteAsync([.. keys.Select(k => (RedisKey)k)]);
            }

            await _redis.GetSubscriber().PublishAsync(_channel, message);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Failed("evict", ex);
            return false;
        }
    }

    /// <returns>The number, or null when it is not set, is no number (logged) or Redis could not be read.</returns>
    public async Task<(bool Read, long? Value)> ReadNumberAsync(string key)
    {
        if (!Available)
        {
            return (false, null);
        }

        try
        {
            var value = await _redis!.GetDatabase().StringGetAsync(key);
            if (value.IsNull)
            {
                return (true, null);
            }

            if (value.TryParse(out long number))
            {
                return (true, number);
            }

            CacheLog.UnreadableNumber(_logger, key, "taken as unset");
            return (true, null);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Failed("read", ex);
            return (false, null);
        }
    }

    /// <returns>
    /// The agency's epoch (0 when not set). When the key held something else, it now holds a new epoch, which is
    /// answered with <c>Replaced</c>: other instances are still on the old one until told.
    /// </returns>
    public async Task<(bool Read, long Value, bool Replaced)> ReadEpochAsync(string key)
    {
        if (!Available)
        {
            return (false, 0, false);
        }

        try
        {
            var answer = (RedisResult[])(await _redis!.GetDatabase().ScriptEvaluateAsync(ReadEpochScript, [key], [UnusedEpoch()]))!;
            var replaced = (long)answer[1] == 1;
            if (replaced)
            {
                CacheLog.UnreadableNumber(_logger, key, "replaced by a new epoch");
            }

            return (true, (long)answer[0], replaced);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Failed("read", ex);
            return (false, 0, false);
        }
    }

    public async Task<long?> IncrementEpochAsync(string key)
    {
        if (!Available)
        {
            return null;
        }

        try
        {
            return (long)await _redis!.GetDatabase().ScriptEvaluateAsync(IncrementEpochScript, [key], [UnusedEpoch()]);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Failed("increment", ex);
            return null;
        }
    }

    /// <summary>Epochs count up from 0, one per lost feed; the time in milliseconds is far beyond any such count.</summary>
    private long UnusedEpoch() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<bool> StoreMaxAsync(string key, long value)
    {
        if (!Available)
        {
            return false;
        }

        try
        {
            await _redis!.GetDatabase().ScriptEvaluateAsync(StoreMaxScript, [key], [value]);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Failed("store", ex);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        var redis = await _connecting;
        await _supervising;
        await _reading;
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }

        _stopping.Dispose();
        _catchingUp.Dispose();
    }

    private async Task<ConnectionMultiplexer?> ConnectAsync(CacheOptions cache)
    {
        var configuration = ConfigurationOptions.Parse(cache.Redis!);
        var timeout = (int)cache.RedisTimeout.TotalMilliseconds;
        // Start without Redis and keep trying in the background; short timeouts so a dead Redis costs little.
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = Math.Max(timeout, 1000);
        configuration.SyncTimeout = timeout;
        configuration.AsyncTimeout = timeout;
        configuration.ConnectRetry = 1;
        configuration.ReconnectRetryPolicy = new LinearRetry(500);
        try
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
            redis.ConnectionFailed += (_, e) =>
            {
                Interlocked.Increment(ref _connectionEvents);
                OnConnectionFailed(e.Exception);
            };
            redis.ConnectionRestored += (_, _) => Interlocked.Increment(ref _connectionEvents);
            _redis = redis;
            if (!redis.IsConnected)
            {
                OnConnectionFailed(null);
            }

            _supervising = Task.Run(() => SuperviseAsync(redis));
            // The first catch-up, when Redis is there at start, is over before the first attempt counts as done.
            if (redis.IsConnected)
            {
                await TryCatchUpAsync(redis);
            }

            return redis;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            OnConnectionFailed(ex);
            return null;
        }
    }

    /// <summary>
    /// Whenever the connection is (back) up and the hub has not caught up with it yet, subscribes if needed and lets
    /// the hub catch up, again and again until both succeed: a reconnection event alone could be missed or fail.
    /// </summary>
    private async Task SuperviseAsync(ConnectionMultiplexer redis)
    {
        while (!_stopping.IsCancellationRequested)
        {
            if (CatchUpPending && redis.IsConnected)
            {
                await TryCatchUpAsync(redis);
            }

            try
            {
                await Task.Delay(SupervisionInterval, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task TryCatchUpAsync(ConnectionMultiplexer redis)
    {
        await _catchingUp.WaitAsync();
        try
        {
            var events = Interlocked.Read(ref _connectionEvents);
            // Once subscribed, the multiplexer subscribes again by itself after every reconnection.
            if (Volatile.Read(ref _subscribed) == 0)
            {
                await redis.GetSubscriber().SubscribeAsync(_channel, (_, message) => MessageReceived?.Invoke(message!));
                Volatile.Write(ref _subscribed, 1);
            }

            Interlocked.Exchange(ref _skipUntilTicks, 0);
            if (Connected is { } connected && !await connected())
            {
                return;
            }

            // A loss reported meanwhile leaves the catch-up pending: it is done again.
            Interlocked.Exchange(ref _caughtUpWith, events);
            Interlocked.Exchange(ref _down, 0);
            Interlocked.Exchange(ref _catchUpFailing, 0);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            OnConnectionFailed(ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not Redis's failure but the hub's: left pending, so the supervisor tries again; Redis is not used
            // meanwhile. Escaping, it would stop the host at start-up, or the supervisor for good.
            if (Interlocked.Exchange(ref _catchUpFailing, 1) == 0)
            {
                CacheLog.CatchUpFailed(_logger, ex);
            }
        }
        finally
        {
            _catchingUp.Release();
        }
    }

    private void OnConnectionFailed(Exception? exception)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            CacheLog.RedisUnavailable(_logger, exception);
        }
    }

    private void Failed(string operation, Exception exception)
    {
        _metrics.Error(operation);
        CacheLog.RedisOperationFailed(_logger, operation, exception);
        Interlocked.Exchange(ref _skipUntilTicks, (_timeProvider.GetUtcNow() + BreakAfterFailure).UtcTicks);
        // As after a lost connection, though none was reported: the evictions held while Redis was not used are sent,
        // and epochs read again, before Redis is read again. Without it they waited for a reconnection that need never
        // come, and Redis served the entries they were to delete until their time-to-live.
        Interlocked.Increment(ref _connectionEvents);
        OnConnectionFailed(exception);
    }
}
