using Interop.Hub.Caching;

namespace Interop.Hub.Tests.Caching;

/// <summary>The in-process first level: groups dropped whole, a bound on entries, nothing left behind.</summary>
public sealed class FirstLevelCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keys_asked_once_and_expired_leave_no_group_behind()
    {
        var cache = new FirstLevelCache(maxEntries: 100_000);
        for (var i = 0; i < 1_000; i++)
        {
            cache.Set("CR", $"CR:e0:employer:{i}", "", value: null, Now, Now.AddSeconds(30));
        }

        for (var i = 0; i < 1_000; i++)
        {
            Assert.False(cache.TryGet($"CR:e0:employer:{i}", "", Now.AddSeconds(31), out _, out _));
        }

        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.GroupCount);
    }

    [Fact]
    public void A_removed_entry_takes_its_empty_group_with_it_and_a_group_with_others_stays()
    {
        var cache = new FirstLevelCache(maxEntries: 100);
        cache.Set("SSF", "SSF:e0:standing:1", "2026-11", "a", Now, Now.AddMinutes(5));
        cache.Set("SSF", "SSF:e0:standing:1", "2026-10", "b", Now, Now.AddMinutes(5));
        cache.Set("SSF", "SSF:e0:standing:2", "2026-11", "c", Now, Now.AddMinutes(5));

        cache.Remove("SSF:e0:standing:1", "2026-11");
        cache.Remove("SSF:e0:standing:2", "2026-11");

        Assert.Equal(1, cache.Count);
        Assert.Equal(1, cache.GroupCount);
        Assert.True(cache.TryGet("SSF:e0:standing:1", "2026-10", Now, out var value, out _));
        Assert.Equal("b", value);
    }

    [Fact]
    public void Past_the_bound_expired_entries_go_first_and_their_groups_with_them()
    {
        var cache = new FirstLevelCache(maxEntries: 100);
        for (var i = 0; i < 50; i++)
        {
            cache.Set("CR", $"CR:e0:employer:old{i}", "", "old", Now, Now.AddSeconds(1));
        }

        for (var i = 0; i < 60; i++)
        {
            cache.Set("CR", $"CR:e0:employer:{i}", "", "new", Now.AddSeconds(2), Now.AddMinutes(10));
        }

        Assert.Equal(60, cache.Count);
        Assert.Equal(60, cache.GroupCount);
    }

    [Fact]
    public void The_count_stays_true_while_groups_are_filled_and_dropped_at_once()
    {
        var cache = new FirstLevelCache(maxEntries: 1_000_000);
        Parallel.For(0, 1_000_000, i =>
        {
            var group = $"CR:e0:employer:{i % 50}";
            var variant = (i % 13).ToString(System.Globalization.CultureInfo.InvariantCulture);
            switch (i % 11)
            {
                case 0:
                    cache.RemoveGroup(group);
                    break;
                case 1:
                    cache.Remove(group, variant);
                    break;
                default:
                    cache.Set("CR", group, variant, i, Now, Now.AddMinutes(10));
                    break;
            }
        });

        var held = 0;
        for (var g = 0; g < 50; g++)
        {
            for (var v = 0; v < 13; v++)
            {
                held += cache.TryGet($"CR:e0:employer:{g}", v.ToString(System.Globalization.CultureInfo.InvariantCulture), Now, out _, out _) ? 1 : 0;
            }
        }

        Assert.Equal(held, cache.Count);
    }
}
