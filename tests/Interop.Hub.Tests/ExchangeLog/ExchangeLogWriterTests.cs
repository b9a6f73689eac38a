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
        using var test = new WriterUnderTest(new ExchangeLogOptions
        {
            FlushInterval = TimeSpan.FromMilliseconds(10),
            HeadLogInterval = TimeSpan.FromHours(1),
        });
        var (queue, store, writer, logger) = (test.Queue, test.Store, test.Writer, test.Logger);

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
        using var test = new WriterUnderTest(new ExchangeLogOptions
        {
            MaxRecordsPerWrite = 5,
            FlushInterval = TimeSpan.FromMilliseconds(10),
        });
        var (queue, store, writer) = (test.Queue, test.Store, test.Writer);
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

    [Fact]
    public async Task Records_leave_the_queue_for_the_write_as_they_come_long_before_the_write_is_due()
    {
        using var test = new WriterUnderTest(new ExchangeLogOptions { FlushInterval = TimeSpan.FromSeconds(10) });
        var (queue, store, writer) = (test.Queue, test.Store, test.Writer);

        await writer.StartAsync(CancellationToken.None);
        var ids = Enumerable.Range(0, 3).Select(_ => Enqueue(queue)).ToList();
        await ExchangeLogTesting.EventuallyAsync(() => Task.FromResult(store.Gathered), gathered => gathered == ids.Count, TimeSpan.FromSeconds(5));
        var writtenWhileGathering = store.Sizes.ToArray();
        var placesHeldWhileGathering = queue.Depth;
        await writer.StopAsync(CancellationToken.None);

        Assert.Empty(writtenWhileGathering);
        Assert.Equal(ids.Count, placesHeldWhileGathering);
        Assert.Equal([3], store.Sizes);
        Assert.Equal(0, queue.Depth);
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
    private static async Task<string> HeadOfAsync(IExchangeStore store, Guid exchangeId)
    {
        var receipt = await store.FindReceiptAsync(exchangeId, "CR", CancellationToken.None);
        Assert.NotNull(receipt);
        var checkpoint = Interop.Hub.V1.Checkpoint.Parser.ParseFrom(receipt.Checkpoint.Checkpoint);
        return ChainHead.Of((long)checkpoint.Sequence, receipt.Checkpoint.Checkpoint.Span).ToString();
    }

    private static List<string> Heads(FakeLogger<ExchangeLogWriter> logger) =>
        [.. logger.Collector.GetSnapshot().Where(r => r.Id.Id == HeadEvent).Select(r => r.GetStructuredStateValue("Head")!)];

    /// <summary>Until the exchange's batch is stored: the queue empties as soon as the writer takes the batch, before it is written.</summary>
    private static async Task SealedAsync(IExchangeStore store, Guid exchangeId) =>
        Assert.NotNull(await ExchangeLogTesting.EventuallyAsync(
            () => store.FindReceiptAsync(exchangeId, "CR", CancellationToken.None), receipt => receipt is not null, TimeSpan.FromSeconds(10)));

    /// <summary>A writer with its queue, over an in-memory store that counts what the writer hands it.</summary>
    private sealed class WriterUnderTest : IDisposable
    {
        private readonly CheckpointKey _key = CheckpointKey.Generate();
        private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

        public WriterUnderTest(ExchangeLogOptions settings)
        {
            var options = Microsoft.Extensions.Options.Options.Create(settings);
            Queue = new ExchangeLogQueue(options);
            Store = new WriteSizes(new InMemoryExchangeStore(100, new CheckpointSigner(_key, TimeProvider.System)));
            Writer = new ExchangeLogWriter(
                Queue, Store, options, TimeProvider.System, new ExchangeLogMetrics(_services.GetRequiredService<IMeterFactory>(), Queue), Logger);
        }

        public ExchangeLogQueue Queue { get; }

        public WriteSizes Store { get; }

        public ExchangeLogWriter Writer { get; }

        public FakeLogger<ExchangeLogWriter> Logger { get; } = new();

        public void Dispose()
        {
            Writer.Dispose();
            _services.Dispose();
            _key.Dispose();
        }
    }

    /// <summary>The sizes of the writes the writer hands over, in order, and how many records it gathered into writes.</summary>
    private sealed class WriteSizes(IExchangeStore store) : IExchangeStore
    {
        private int _gathered;

        public ConcurrentQueue<int> Sizes { get; } = [];

        public int Gathered => Volatile.Read(ref _gathered);

        public Task InitializeAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public IExchangeWrite StartWrite() => new CountedWrite(store.StartWrite(), this);

        public Task<ChainHead?> WriteAsync(IExchangeWrite write, CancellationToken cancellationToken)
        {
            Sizes.Enqueue(write.Count);
            return store.WriteAsync(((CountedWrite)write).Inner, cancellationToken);
        }

        public Task<ExchangePage> ListAsync(ExchangeQuery query, CancellationToken cancellationToken) => store.ListAsync(query, cancellationToken);

        public Task<ExchangeRecord?> FindAsync(Guid exchangeId, string agencyCode, CancellationToken cancellationToken) =>
            store.FindAsync(exchangeId, agencyCode, cancellationToken);

        public Task<StoredReceipt?> FindReceiptAsync(Guid exchangeId, string agencyCode, CancellationToken cancellationToken) =>
            store.FindReceiptAsync(exchangeId, agencyCode, cancellationToken);

        public Task<DateOnly?> ArchivedDayAsync(Guid exchangeId, CancellationToken cancellationToken) => store.ArchivedDayAsync(exchangeId, cancellationToken);

        private sealed class CountedWrite(IExchangeWrite inner, WriteSizes counts) : IExchangeWrite
        {
            public IExchangeWrite Inner => inner;

            public int Count => inner.Count;

            public void Add(in ExchangeRecord record)
            {
                inner.Add(record);
                Interlocked.Increment(ref counts._gathered);
            }

            public void Dispose() => inner.Dispose();
        }
    }
}
