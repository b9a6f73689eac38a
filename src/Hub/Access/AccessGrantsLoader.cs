using Microsoft.Extensions.Options;
using Npgsql;

namespace Interop.Hub.Access;

/// <summary>
/// Puts the grants in force at start (after adding the sandbox's, when configured) and, with the hub database, keeps
/// this instance's snapshot current: it listens for change notifications and, every <see cref="AccessOptions.ReloadInterval"/>,
/// compares the database's version with the snapshot's, so a lost notification or a reconnection delays a change
/// by one interval at most.
/// </summary>
public sealed partial class AccessGrantsLoader(
    IGrantStore store,
    AccessRules rules,
    IOptions<AccessOptions> options,
    TimeProvider timeProvider,
    ILogger<AccessGrantsLoader> logger) : BackgroundService
{
    private static readonly TimeSpan _maxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Whether the store's tables (and the sandbox's grants) are there: done at start, or once the database answers.</summary>
    private bool _initialized;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InitializeAsync(cancellationToken);
            var (grants, version) = await store.LoadAsync(cancellationToken);

            // The in-memory store has published its grants already.
            if (!rules.Holds(version))
            {
                rules.Publish(grants, version);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // Deny by default until the database answers: the watcher keeps trying.
            LogLoadFailed(logger, ex.Message);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not PostgresGrantStore postgres)
        {
            return;
        }

        var retryDelay = options.Value.ReloadInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_initialized)
                {
                    await InitializeAsync(stoppingToken);
                }

                await WatchAsync(postgres, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogWatchFailed(logger, ex.Message, retryDelay.TotalSeconds);
                await Task.Delay(retryDelay, timeProvider, stoppingToken);
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, _maxRetryDelay.Ticks));
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            retryDelay = options.Value.ReloadInterval;
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var preload = options.Value.SandboxGrants is true ? SandboxGrants.All(timeProvider.GetUtcNow(), options.Value.OperatorAgency) : [];
        await store.InitializeAsync(preload, cancellationToken);
        _initialized = true;
    }

    /// <remarks>
    /// The listening connection only waits for notifications, and the version is read on another: a timed wait on the
    /// listening connection (Npgsql ends it by timing out a read) would throw and catch two exceptions every interval.
    /// </remarks>
    private async Task WatchAsync(PostgresGrantStore postgres, CancellationToken stoppingToken)
    {
        using var changed = new SemaphoreSlim(0, 1);
        using var stopListening = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        await using var listener = await postgres.OpenConnectionAsync(stoppingToken);
        listener.Notification += (_, _) => Signal(changed);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresGrantStore.Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        var listening = ListenAsync(listener, stopListening.Token);
        try
        {
            while (true)
            {
                // Checked on every wake-up, notified or not: right after (re)connecting too, for changes made meanwhile.
                await using (var connection = await postgres.OpenConnectionAsync(stoppingToken))
                {
                    if (!rules.Holds(await PostgresGrantStore.VersionAsync(connection, stoppingToken)))
                    {
                        var (grants, version) = await postgres.LoadAsync(connection, stoppingToken);
                        rules.Publish(grants, version);
                    }
                }

                await changed.WaitAsync(options.Value.ReloadInterval, stoppingToken);
                if (listening.IsCompleted)
                {
                    // The listening connection broke: its failure ends this watch, and the caller starts another.
                    await listening;
                }
            }
        }
        finally
        {
            await stopListening.CancelAsync();
            try
            {
                await listening;
            }
            catch (Exception ex) when (ex is OperationCanceledException or NpgsqlException or IOException or ObjectDisposedException)
            {
                // Stopped on purpose, or already reported by the loop above.
            }
        }
    }

    private static async Task ListenAsync(NpgsqlConnection listener, CancellationToken cancellationToken)
    {
        while (true)
        {
            await listener.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Wakes the watcher; several notifications before it wakes are one wake-up.</summary>
    private static void Signal(SemaphoreSlim changed)
    {
        if (changed.CurrentCount == 0)
        {
            changed.Release();
        }
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Error, Message = "Access grants could not be loaded at start, every granted method is refused until they are: {Message}")]
    private static partial void LogLoadFailed(ILogger logger, string message);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Watching access grants failed, the grants in force stay until it resumes in {DelaySeconds:0.###} s: {Message}")]
    private static partial void LogWatchFailed(ILogger logger, string message, double delaySeconds);
}
