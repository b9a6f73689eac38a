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

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var preload = options.Value.SandboxGrants is true ? SandboxGrants.All(timeProvider.GetUtcNow(), options.Value.OperatorAgency) : [];
        try
        {
            await store.InitializeAsync(preload, cancellationToken);
            var (grants, version) = await store.LoadAsync(cancellationToken);

            // The in-memory store has published its grants already.
            if (version != rules.Current.Version)
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

    private async Task WatchAsync(PostgresGrantStore postgres, CancellationToken stoppingToken)
    {
        await using var connection = await postgres.OpenConnectionAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresGrantStore.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            // Checked on every wake-up, notified or not: right after (re)connecting too, for changes made meanwhile.
            if (await PostgresGrantStore.VersionAsync(connection, stoppingToken) != rules.Current.Version)
            {
                var (grants, version) = await postgres.LoadAsync(connection, stoppingToken);
                rules.Publish(grants, version);
            }

            await connection.WaitAsync(options.Value.ReloadInterval, stoppingToken);
        }
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Error, Message = "Access grants could not be loaded at start, every granted method is refused until they are: {Message}")]
    private static partial void LogLoadFailed(ILogger logger, string message);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Watching access grants failed, the grants in force stay until it resumes in {DelaySeconds:0.###} s: {Message}")]
    private static partial void LogWatchFailed(ILogger logger, string message, double delaySeconds);
}
