using Interop.Hub.Caching;

namespace Interop.Hub.Tests.Caching;

public sealed class CacheReceiptTests
{
    private static readonly DateTimeOffset Earlier = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_answer_served_from_the_cache_gives_its_fetch_time_even_when_it_holds_no_record()
    {
        var (answer, cachedAt) = await CacheReceipt.WatchAsync(() => Task.FromResult(Served<string?>(null, Earlier)));

        Assert.Null(answer);
        Assert.Equal(Earlier, cachedAt);
    }

    [Fact]
    public async Task An_answer_fetched_from_the_agency_has_no_cache_time()
    {
        var (_, cachedAt) = await CacheReceipt.WatchAsync(() => Task.FromResult(Served<string?>(null, null)));

        Assert.Null(cachedAt);
    }

    [Fact]
    public async Task Answers_some_of_which_were_fetched_are_not_from_the_cache_and_all_cached_ones_give_the_oldest_fetch()
    {
        var (_, mixed) = await CacheReceipt.WatchAsync(async () =>
        {
            CacheReceipt.Served(Earlier);
            await Task.Yield();
            CacheReceipt.Served(null);
            return 0;
        });
        var (_, allCached) = await CacheReceipt.WatchAsync(() =>
        {
            CacheReceipt.Served(Earlier.AddMinutes(1));
            CacheReceipt.Served(Earlier);
            return Task.FromResult(0);
        });

        Assert.Null(mixed);
        Assert.Equal(Earlier, allCached);
    }

    [Fact]
    public async Task A_call_that_never_reaches_the_cache_has_no_cache_time()
    {
        var (_, cachedAt) = await CacheReceipt.WatchAsync(() => Task.FromResult(0));

        Assert.Null(cachedAt);
    }

    [Fact]
    public async Task A_receipt_ends_with_its_call_and_takes_nothing_served_after_it()
    {
        var (inner, outer) = await CacheReceipt.WatchAsync(async () =>
        {
            var (_, innerCachedAt) = await CacheReceipt.WatchAsync(() => Task.FromResult(Served(0, null)));
            CacheReceipt.Served(Earlier);
            return innerCachedAt;
        });

        Assert.Null(inner);
        Assert.Equal(Earlier, outer);
    }

    private static T Served<T>(T value, DateTimeOffset? cachedAt)
    {
        CacheReceipt.Served(cachedAt);
        return value;
    }
}
