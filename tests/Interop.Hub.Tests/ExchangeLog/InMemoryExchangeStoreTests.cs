using Grpc.Core;
using Interop.Hub.ExchangeLog;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>The sandbox's log: bounded to the last records, same visibility and paging rules as the database.</summary>
public sealed class InMemoryExchangeStoreTests
{
    [Fact]
    public async Task Keeps_only_the_last_records_and_lists_them_newest_first()
    {
        using var key = Interop.Ledger.CheckpointKey.Generate();
        var store = new InMemoryExchangeStore(capacity: 3, new CheckpointSigner(key, TimeProvider.System));
        var start = new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);
        var records = Enumerable.Range(0, 5).Select(i => Record(start.AddSeconds(i), "CR", "SSF")).ToArray();

        await store.WriteAsync(records, CancellationToken.None);
        var first = await store.ListAsync(new ExchangeQuery("SSF", PageSize: 2), CancellationToken.None);
        var last = records[^1];
        var second = await store.ListAsync(
            new ExchangeQuery("SSF", PageSize: 2, After: (first.Records[^1].StartTime, first.Records[^1].ExchangeId)), CancellationToken.None);

        Assert.Equal([records[4].ExchangeId, records[3].ExchangeId], first.Records.Select(r => r.ExchangeId));
        Assert.True(first.HasMore);
        Assert.Equal([records[2].ExchangeId], second.Records.Select(r => r.ExchangeId));
        Assert.False(second.HasMore);
        Assert.NotNull(await store.FindAsync(last.ExchangeId, "CR", CancellationToken.None));
        Assert.Null(await store.FindAsync(last.ExchangeId, "MOL", CancellationToken.None));
        Assert.Null(await store.FindAsync(records[0].ExchangeId, "CR", CancellationToken.None));
    }

    [Fact]
    public async Task One_write_of_more_records_than_a_batch_seals_each_batch_under_its_own_checkpoint()
    {
        using var key = Interop.Ledger.CheckpointKey.Generate();
        var store = new InMemoryExchangeStore(capacity: 10, new CheckpointSigner(key, TimeProvider.System), batchSize: 2);
        var start = new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);
        var records = Enumerable.Range(0, 5).Select(i => Record(start.AddSeconds(i), "CR", "SSF")).ToArray();

        var head = await store.WriteAsync(records, CancellationToken.None);

        Assert.Equal(3, head!.Value.Sequence);
        for (var i = 0; i < records.Length; i++)
        {
            var receipt = await store.FindReceiptAsync(records[i].ExchangeId, "CR", CancellationToken.None);
            var checkpoint = Interop.Hub.V1.Checkpoint.Parser.ParseFrom(receipt!.Checkpoint.Checkpoint);
            Assert.Equal((ulong)(1 + (i / 2)), checkpoint.Sequence);
            Assert.Equal(i < 4 ? 2UL : 1UL, checkpoint.RecordCount);
        }
    }

    [Fact]
    public void The_queue_refuses_nothing_until_it_is_full()
    {
        var queue = new ExchangeLogQueue(Microsoft.Extensions.Options.Options.Create(new ExchangeLogOptions { QueueCapacity = 2 }));

        Assert.True(queue.TryReserve());
        Assert.True(queue.TryReserve());
        Assert.False(queue.TryReserve());
        Assert.Equal(2, queue.Depth);
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_while_the_store_is_down()
    {
        var queue = new ExchangeLogQueue(Microsoft.Extensions.Options.Options.Create(new ExchangeLogOptions { QueueCapacity = 1 })) { StoreAvailable = false };
        Assert.True(queue.TryReserve());

        Assert.False(await queue.ReserveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_hub_with_an_impossible_queue_does_not_start()
    {
        await using var hub = new HubHost(new Dictionary<string, string?> { ["ExchangeLog:QueueCapacity"] = "0" });

        var exception = Assert.ThrowsAny<Exception>(() => hub.Server);
        Assert.Contains("QueueCapacity", exception.ToString(), StringComparison.Ordinal);
    }

    private static ExchangeRecord Record(DateTimeOffset start, string caller, string provider) => new()
    {
        ExchangeId = Guid.CreateVersion7(start),
        StartTime = start,
        CallerAgency = caller,
        CallerSystem = "tests",
        ProviderAgency = provider,
        Method = "/interop.employers.v1.EmployerRegistry/GetEmployer",
        StatusCode = StatusCode.OK,
    };
}
