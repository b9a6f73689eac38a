namespace Interop.Hub.Caching;

/// <summary>What the cache logs: outages once when they start and once when they end, never per call.</summary>
internal static partial class CacheLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "Redis is unreachable: answering from the agencies until it is back")]
    public static partial void RedisUnavailable(ILogger logger, Exception? exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Redis is connected: first level cleared, {PendingGroups} pending evictions applied")]
    public static partial void RedisRestored(ILogger logger, int pendingGroups);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "Change feed of {Agency} interrupted: its answers bypass the cache until it has caught up")]
    public static partial void FeedInterrupted(ILogger logger, string agency, Exception? exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information,
        Message = "Change feed of {Agency} is live at position {Position}")]
    public static partial void FeedLive(ILogger logger, string agency, long position);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning,
        Message = "Every cached answer of {Agency} is dropped (epoch {Epoch}): its change feed could not resume from where it was or announced a change to everything, or the cache was purged")]
    public static partial void AgencyEpochBumped(ILogger logger, string agency, long epoch);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Error,
        Message = "Following the change feed of {Agency} failed; starting again")]
    public static partial void FollowerFailed(ILogger logger, string agency, Exception exception);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Debug, Message = "Redis operation {Operation} failed")]
    public static partial void RedisOperationFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning,
        Message = "Redis key {Key} held a value that is not a number (written by something other than a hub): {Replacement}")]
    public static partial void UnreadableNumber(ILogger logger, string key, string replacement);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error,
        Message = "Catching up with Redis failed: the hub answers from the agencies and tries again every 100 ms (logged once until it succeeds)")]
    public static partial void CatchUpFailed(ILogger logger, Exception exception);
}
