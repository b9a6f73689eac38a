using System.Threading.Channels;
using Interop.Ports;

namespace Interop.Adapters.Tests;

/// <summary>Follows a change feed in the background for a test: what it caught, where it stands.</summary>
internal sealed class ChangeFollower : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ChangeNotice> _notices = Channel.CreateUnbounded<ChangeNotice>();
    private readonly TaskCompletionSource _live = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<ChangeFeedState> _states = [];
    private readonly Task _following;
    private long _position;

    private ChangeFollower(IChangeFeed feed, long? after) => _following = Task.Run(() => FollowAsync(feed, after));

    public static IEqualityComparer<ChangeNotice> NoticeComparer { get; } = EqualityComparer<ChangeNotice>.Create(
        (a, b) => a!.AgencyCode == b!.AgencyCode && a.Kind == b.Kind && a.Keys.SequenceEqual(b.Keys),
        n => HashCode.Combine(n.AgencyCode, n.Kind));

    public long Position => Interlocked.Read(ref _position);

    public IReadOnlyList<ChangeFeedState> States
    {
        get
        {
            lock (_states)
            {
                return [.. _states];
            }
        }
    }

    /// <summary>The notices received so far, without waiting.</summary>
    public IReadOnlyList<ChangeNotice> Caught
    {
        get
        {
            var caught = new List<ChangeNotice>();
            while (_notices.Reader.TryRead(out var notice))
            {
                caught.Add(notice);
            }

            return caught;
        }
    }

    /// <summary>Starts following and returns once the feed has caught up (is live).</summary>
    public static async Task<ChangeFollower> StartAsync(IChangeFeed feed, long? after)
    {
        var follower = new ChangeFollower(feed, after);
        await follower._live.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return follower;
    }

    public async Task<ChangeNotice> NextNoticeAsync(TimeSpan timeout)
    {
        using var patience = new CancellationTokenSource(timeout);
        return await _notices.Reader.ReadAsync(patience.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _following;
        _stop.Dispose();
    }

    private async Task FollowAsync(IChangeFeed feed, long? after)
    {
        try
        {
            await foreach (var batch in feed.FollowAsync(after, _stop.Token))
            {
                foreach (var notice in batch.Notices)
                {
                    _notices.Writer.TryWrite(notice);
                }

                Interlocked.Exchange(ref _position, batch.Position);
                lock (_states)
                {
                    _states.Add(batch.State);
                }

                if (batch.State == ChangeFeedState.Live)
                {
                    _live.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped by the test.
        }
    }
}
