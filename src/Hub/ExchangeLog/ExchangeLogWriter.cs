using Interop.Ledger;
using Microsoft.Extensions.Options;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// Drains the queue into the store, off the request path, up to <see cref="ExchangeLogOptions.MaxRecordsPerWrite"/>
/// records a write; the store seals them in batches, each with a signed checkpoint. While the store fails it retries
/// the same records with backoff (places stay taken, so the queue fills and new calls are refused); the first success
/// resumes everything. On shutdown it waits for the calls in progress, then writes every record left.
/// </summary>
public sealed partial class ExchangeLogWriter(
    ExchangeLogQueue queue,
    IExchangeStore store,
    IOptions<ExchangeLogOptions> options,
    TimeProvider timeProvider,
    ExchangeLogMetrics metrics,
    ILogger<ExchangeLogWriter> logger) : BackgroundService
{
    private static readonly TimeSpan _firstRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long records wait in the queue before the writer takes them into the write it gathers: briefly, so that a
    /// record's strings die young (kept in the queue for the whole flush interval, the records would outlive a garbage
    /// collection or two and make each one copy tens of thousands of strings), yet not one wake-up per call.
    /// </summary>
    private static readonly TimeSpan _gatherInterval = TimeSpan.FromMilliseconds(10);

    private readonly ExchangeLogOptions _options = options.Value;

    /// <summary>Cancelled only when the host's shutdown time runs out: then records still unwritten are lost.</summary>
    private readonly CancellationTokenSource _abandon = new();

    private bool _initialized;
    private DateTimeOffset _outageStart;

    /// <summary>The chain's newest head, and the last one written to the hub's log (for operators to keep).</summary>
    private ChainHead? _head;
    private ChainHead? _headLogged;
    private long _headLoggedAt;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The table is there before the first call when the database is; otherwise the first write creates it.
        try
        {
            await store.InitializeAsync(cancellationToken);
            _initialized = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            EnterOutage(ex);
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var giveUp = cancellationToken.Register(_abandon.Cancel);
        try
        {
            await queue.WaitForCallsInProgressAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of time: store what has been handed over.
        }

        queue.CompleteAdding();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var records = queue.Records;
        var write = store.StartWrite();
        long firstGatheredAt = 0;
        try
        {
            // Ends when the queue is completed on shutdown and emptied, not when stopping is requested.
            while (true)
            {
                while (write.Count < _options.MaxRecordsPerWrite && records.TryRead(out var record))
                {
                    if (write.Count == 0)
                    {
                        firstGatheredAt = timeProvider.GetTimestamp();
                    }

                    write.Add(record);
                }

                if (write.Count == 0)
                {
                    if (!await records.WaitToReadAsync(CancellationToken.None))
                    {
                        break;
                    }

                    continue;
                }

                var waited = timeProvider.GetElapsedTime(firstGatheredAt);
                if (write.Count >= _options.MaxRecordsPerWrite || waited >= _options.FlushInterval
                    || stoppingToken.IsCancellationRequested || records.Completion.IsCompleted)
                {
                    if (!await StoreAsync(write))
                    {
                        return;
                    }

                    write.Dispose();
                    write = store.StartWrite();
                    continue;
                }

                try
                {
                    var left = _options.FlushInterval - waited;
                    await Task.Delay(left < _gatherInterval ? left : _gatherInterval, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    // Shutting down: write what is gathered without pausing.
                }
            }

            // The head the hub stops on, so that whoever keeps the heads has the last one too.
            LogHeadIfNew();
        }
        finally
        {
            write.Dispose();
        }
    }

    /// <returns>False when shutdown ran out of time before the records could be stored (then they are lost).</returns>
    private async Task<bool> StoreAsync(IExchangeWrite write)
    {
        if (!await WriteAsync(write))
        {
            LogRecordsLost(logger, queue.Depth - queue.CallsInProgress);
            LogHeadIfNew();
            return false;
        }

        queue.Free(write.Count);
        metrics.Written(write.Count);
        return true;
    }

    /// <returns>False only when shutdown ran out of time before the records could be stored.</returns>
    private async Task<bool> WriteAsync(IExchangeWrite write)
    {
        var delay = _firstRetryDelay;
        while (true)
        {
            try
            {
                if (!_initialized)
                {
                    await store.InitializeAsync(_abandon.Token);
                    _initialized = true;
                }

                _head = await store.WriteAsync(write, _abandon.Token) ?? _head;
                // The first head is logged at once: a timestamp of 0 is the machine's boot, not "long ago".
                if (_headLogged is null || timeProvider.GetElapsedTime(_headLoggedAt) >= _options.HeadLogInterval)
                {
                    LogHeadIfNew();
                }

                if (!queue.StoreAvailable)
                {
                    queue.StoreAvailable = true;
                    LogRecovered(logger, (timeProvider.GetUtcNow() - _outageStart).TotalSeconds, queue.Depth);
                }

                return true;
            }
            catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex)
            {
                metrics.WriteFailed();
                if (queue.StoreAvailable)
                {
                    EnterOutage(ex);
                }
                else
                {
                    LogRetryFailed(logger, ex.Message, delay.TotalMilliseconds);
                }
            }

            try
            {
                await Task.Delay(delay, timeProvider, _abandon.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
        }
    }

    private void LogHeadIfNew()
    {
        if (_head is { } head && head != _headLogged)
        {
            LogHead(logger, head.ToString());
            _headLogged = head;
            _headLoggedAt = timeProvider.GetTimestamp();
        }
    }

    private void EnterOutage(Exception exception)
    {
        queue.StoreAvailable = false;
        _outageStart = timeProvider.GetUtcNow();
        LogOutage(logger, exception, queue.Depth, queue.Capacity);
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error,
        Message = "Exchange log unavailable: records wait in the queue ({Depth} of {Capacity}); calls are refused once it is full")]
    private static partial void LogOutage(ILogger logger, Exception exception, int depth, int capacity);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Exchange log recovered after {Seconds:0.0} s; {Depth} records queued")]
    private static partial void LogRecovered(ILogger logger, double seconds, int depth);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Exchange log still unavailable ({Reason}); next attempt in {DelayMs:0} ms")]
    private static partial void LogRetryFailed(ILogger logger, string reason, double delayMs);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Information,
        Message = "Exchange log head {Head}: keep this line outside the hub; `interop log verify --head {Head}` shows whether the log still holds it")]
    private static partial void LogHead(ILogger logger, string head);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Critical, Message = "Shutdown ran out of time: {Count} exchange records were not stored")]
    private static partial void LogRecordsLost(ILogger logger, int count);
}
