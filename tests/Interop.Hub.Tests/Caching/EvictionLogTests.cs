using Interop.Hub.Caching;
using Microsoft.Extensions.Time.Testing;

namespace Interop.Hub.Tests.Caching;

/// <summary>The marks that keep a fetch begun before a change from storing its answer after it.</summary>
public sealed class EvictionLogTests
{
    [Fact]
    public void A_group_evicted_after_a_fetch_began_is_reported_and_one_evicted_before_is_not()
    {
        var log = new EvictionLog(new FakeTimeProvider());
        log.Group("CR:e0:employer:1");
        var fetchBegan = log.Current;

        log.Group("CR:e0:employer:2");

        Assert.False(log.EvictedSince(fetchBegan, "CR", "CR:e0:employer:1"));
        Assert.True(log.EvictedSince(fetchBegan, "CR", "CR:e0:employer:2"));
        Assert.False(log.EvictedSince(fetchBegan, "CR", "CR:e0:employer:3"));
    }

    [Fact]
    public void A_bulk_change_of_twenty_thousand_groups_scans_the_marks_a_few_times_not_once_per_mark()
    {
        var log = new EvictionLog(new FakeTimeProvider());

        for (var i = 0; i < 20_000; i++)
        {
            log.Group($"CR:e0:employer:{i}");
        }

        // All younger than the log's memory, so none can go: each prune doubles the bound (4,096, 8,194, 16,386).
        Assert.Equal(20_000, log.Count);
        Assert.InRange(log.Prunes, 1, 3);
    }

    [Fact]
    public void Marks_older_than_any_fetch_are_forgotten_once_the_log_grows()
    {
        var time = new FakeTimeProvider();
        var log = new EvictionLog(time);
        for (var i = 0; i < 4_000; i++)
        {
            log.Group($"CR:e0:employer:{i}");
        }

        time.Advance(TimeSpan.FromMinutes(3));
        var fetchBegan = log.Current;
        for (var i = 0; i < 200; i++)
        {
            log.Group($"SSF:e0:standing:{i}");
        }

        Assert.Equal(200, log.Count);
        Assert.True(log.EvictedSince(fetchBegan, "SSF", "SSF:e0:standing:0"));
    }
}
