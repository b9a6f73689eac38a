using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Interop.Hub.ExchangeLog;
using Interop.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>The writer publishes the chain's head in the hub's own log (event 3030), for operators to keep outside the hub.</summary>
public sealed class ExchangeLogWriterTests
{
    private const int HeadEvent = 3030;

    [Fact]
    public async Task The_head_is_logged_after_the_first_batch_then_at_most_once_an_interval_and_the_last_one_at_stop()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new ExchangeLogOptions
        {
            FlushInterval = TimeSpan.FromMilliseconds(10),
            HeadLogInterval = TimeSpan.FromHours(1),
        });
        var queue = new ExchangeLogQueue(options);
        using var key = CheckpointKey.Generate();
        var store = new InMemoryExchangeStore(100, new CheckpointSigner(key, TimeProvider.System));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var logger = new FakeLogger<ExchangeLogWriter>();
        using var writer = new ExchangeLogWriter(
            queue, store, options, TimeProvider.System, new ExchangeLogMetrics(services.GetRequiredService<IMeterFactory>(), queue), logger);

        await writer.StartAsync(CancellationToken.None);
        var first = Enqueue(queue);
        await SealedAsync(store, first);
        // The head is logged just after the batch is stored: wait for it rather than race it.
        await ExchangeLogTesting.EventuallyAsync(() => Task.FromResult(Heads(logger)), heads => heads.Count > 0, TimeSpan.FromSeconds(10));
        var second = Enqueue(queue);
        await SealedAsync(store, second);
        var headsBeforeStop = Heads(logger);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal([await HeadOfAsync(store, first)], headsBeforeStop);
        Assert.Equal([await HeadOfAsync(store, first), await HeadOfAsync(store, second)], Heads(logger));
    }

    [Fact]
    public async Task Each_write_hands_the_store_at_most_the_records_per_write_it_is_set_to()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new ExchangeLogOptions
        {
            MaxRecordsPerWrite = 5,
            FlushInterval = TimeSpan.FromMilliseconds(10),
        });
        var queue = new ExchangeLogQueue(options);
        using var key = CheckpointKey.Generate();
        var store = new WriteSizes(new InMemoryExchangeStore(100, new CheckpointSigner(key, TimeProvider.System)));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var writer = new ExchangeLogWriter(
            queue, store, options, TimeProvider.System, new ExchangeLogMetrics(services.GetRequiredService<IMeterFactory>(), queue),
            new FakeLogger<ExchangeLogWriter>());
        var ids = Enumerable.Range(0, 12).Select(_ => Enqueue(queue)).ToList();

        await writer.StartAsync(CancellationToken.None);
        await ExchangeLogTesting.EventuallyAsync(() => Task.FromResult(store.Sizes.Sum()), written => written == ids.Count, TimeSpan.FromSeconds(10));
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal([5, 5, 2], store.Sizes);
        foreach (var id in ids)
        {
            Assert.NotNull(await store.FindReceiptAsync(id, "CR", CancellationToken.None));
        }
    }

    private static Guid Enqueue(ExchangeLogQueue queue)
    {
        var start = ExchangeRecord.ToMicroseconds(DateTimeOffset.UtcNow);
        var record = new ExchangeRecord
        {
            ExchangeId = ExchangeIds.New(start),
            StartTime = start,
            CallerAgency = "MOL",
            CallerSystem = "permits",
            ProviderAgency = "CR",
            Method = "/interop.employers.v1.EmployerRegistry/GetEmployer",
            SubjectIds = ["16B0000001"],
            StatusCode = StatusCode.OK,
        };
        Assert.True(queue.TryReserve());
        Assert.True(queue.Add(record));
        return record.ExchangeId;
    }

    /// <summary>The head of the checkpoint that sealed this exchange, from its receipt.</summary>
    private static async Task<string> HeadOfAsync(InMemoryExchangeStore store, Guid exchangeId)
    {
        var receipt = await store.FindReceiptAsync(exchangeId, "CR", CancellationToken.None);
        Assert.NotNull(receipt);
        var checkpoint = Interop.Hub.V1.Checkpoint.Parser.ParseFrom(receipt.Checkpoint.Checkpoint);
        return ChainHead.Of((long)checkpoint.Sequence, receipt.Checkpoint.Checkpoint.Span).ToString();
    }

    private static List<string> Heads(FakeLogger<ExchangeLogWriter> logger) =>
        [.. logger.Collector.GetSnapshot().Where(r => r.Id.Id == HeadEvent).Select(r => r.GetStructuredStateValue("Head")!)];

    /// <summary>Until the exchange's batch is stored: the queue empties as soon as the writer takes the batch, before it is written.</summary>
    private static async Task SealedAsync(InMemoryExchangeStore store, Guid exchangeId) =>
        Assert.NotNull(await ExchangeLogTesting.EventuallyAsync(
            () => store.FindReceiptAsync(exchangeId, "CR", CancellationToken.None), receipt => receipt is not null, TimeSpan.FromSeconds(10)));

    /// <summary>The sizes of the writes the writer hands over, in order.</summary>
    private sealed class WriteSizes(IExchangeStore store) : IExchangeStore
    {
        public ConcurrentQueue<int> Sizes { get; } = [];

        public Task InitializeAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task<ChainHead?> WriteAsync(ReadOnlyMemory<ExchangeRecord> records, CancellationToken cancellationToken)
        {
            Sizes.Enqueue(records.Length);
            return store.WriteAsync(records, cancellationToken);
        }

        public Task<ExchangePage> ListAsync(ExchangeQuery query, CancellationToken cancellationToken) => store.ListAsync(query, cancellationToken);

        public Task<ExchangeRecord?> FindAsync(Guid exchangeId, string agencyCode, CancellationToken cancellationToken) =>
            store.FindAsync(exchangeId, agencyCode, cancellationToken);

        public Task<StoredReceipt?> FindReceiptAsync(Guid exchangeId, string agencyCode, CancellationToken cancellationToken) =>
            store.FindReceiptAsync(exchangeId, agencyCode, cancellationToken);
    }
}
