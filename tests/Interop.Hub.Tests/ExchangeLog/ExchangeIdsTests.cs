using Interop.Hub.ExchangeLog;

namespace Interop.Hub.Tests.ExchangeLog;

public sealed class ExchangeIdsTests
{
    [Fact]
    public void An_id_is_a_version_7_uuid_carrying_its_start_millisecond()
    {
        var start = new DateTimeOffset(2026, 11, 23, 17, 4, 5, 678, TimeSpan.Zero).AddTicks(1234);

        var id = ExchangeIds.New(start);

        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
        var window = ExchangeIds.StartWindow(id);
        Assert.NotNull(window);
        Assert.Equal(start.AddTicks(-1234), window.Value.From);
        Assert.True(window.Value.From <= start && start < window.Value.To);
    }

    [Fact]
    public void Ids_of_one_millisecond_differ_across_threads_and_refills_of_the_random_buffer()
    {
        var start = DateTimeOffset.UtcNow;
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();

        // 4 threads x 2,000 ids: each thread's 4 KiB buffer of random bytes is refilled several times.
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                ids.Add(ExchangeIds.New(start));
            }
        });

        Assert.Equal(8_000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(ExchangeIds.StartWindow(id)!.Value.From, ExchangeIds.StartWindow(ids.First())!.Value.From));
    }
}
