using Interop.Ports;

namespace Interop.Hub.Caching;

/// <summary>
/// Follows every agency's change feed and evicts what each change makes out of date: in this instance, in Redis,
/// and (over pub/sub) in every other instance. Every instance runs one, so an instance cut off from Redis still
/// evicts its own first level. The feed position is saved in Redis once Redis has the evictions, so an instance
/// that starts again resumes there; with no saved position nobody knows what changed, and the agency's epoch moves on.
/// </summary>
internal sealed class ChangeFeedFollower(IEnumerable<IChangeFeed> feeds, HubCache cache, ILogger<ChangeFeedFollower> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(feeds.Select(feed => Task.Run(() => FollowAsync(feed, stoppingToken), stoppingToken)));

    private async Task FollowAsync(IChangeFeed feed, CancellationToken stoppingToken)
    {
        var agency = feed.AgencyCode;
        await cache.SecondLevelFirstAttempt.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Without Redis there is nothing shared to distrust: the first level starts empty.
                var position = await cache.ReadPositionAsync(agency, stoppingToken);
                if (position is null && cache.HasSecondLevel)
                {
                    await cache.BumpEpochAsync(agency);
                }

                await FollowFromAsync(feed, position, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                cache.SetLive(agency, false);
                CacheLog.FollowerFailed(logger, agency, ex);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }

    private async Task FollowFromAsync(IChangeFeed feed, long? position, CancellationToken stoppingToken)
    {
        var agency = feed.AgencyCode;
        var live = false;
        var interrupted = false;
        await foreach (var batch in feed.FollowAsync(position, stoppingToken))
        {
            if (batch.State == ChangeFeedState.Interrupted)
            {
                cache.SetLive(agency, false);
                live = false;
                if (!interrupted)
                {
                    CacheLog.FeedInterrupted(logger, agency, batch.Failure);
                    interrupted = true;
                }

                continue;
            }

            if (batch.State == ChangeFeedState.PositionLost)
            {
                await cache.BumpEpochAsync(agency);
            }

            if (batch.Notices.Count > 0)
            {
                await cache.EvictAsync(agency, batch.Notices);
            }

            await cache.SavePositionAsync(agency, batch.Position);
            if (batch.State == ChangeFeedState.Live && !live)
            {
                cache.SetLive(agency, true);
                live = true;
                interrupted = false;
                CacheLog.FeedLive(logger, agency, batch.Position);
            }
        }
    }
}
