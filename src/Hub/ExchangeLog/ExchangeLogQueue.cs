using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// Between the calls and the writer. A call reserves its place BEFORE it runs and hands its record over when it
/// ends; the writer frees places once records are stored. So the capacity bounds calls in progress plus records
/// not yet written, and a call that could not be recorded never runs: that is what makes the log fail closed.
/// (A bounded channel written after the call could only block a call that has already answered.)
/// </summary>
public sealed class ExchangeLogQueue
{
    /// <summary>How often a waiting call looks again whether the database has gone down meanwhile.</summary>
    private static readonly TimeSpan _recheckInterval = TimeSpan.FromMilliseconds(250);

    private readonly Channel<ExchangeRecord> _records =
        Channel.CreateUnbounded<ExchangeRecord>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private TaskCompletionSource _placesFreed = NewSignal();
    private int _reserved;
    private int _callsInProgress;
    private volatile bool _storeAvailable = true;

    public ExchangeLogQueue(IOptions<ExchangeLogOptions> options) => Capacity = options.Value.QueueCapacity;

    public int Capacity { get; }

    /// <summary>Places taken: calls in progress and records waiting for the writer.</summary>
    public int Depth => Volatile.Read(ref _reserved);

    public int CallsInProgress => Volatile.Read(ref _callsInProgress);

    /// <summary>False from the writer's first failure to store until its next success.</summary>
    public bool StoreAvailable
    {
        get => _storeAvailable;
        internal set => _storeAvailable = value;
    }

    internal ChannelReader<ExchangeRecord> Records => _records.Reader;

    /// <summary>Takes a place for a call if one is free right now; lock-free, allocation-free.</summary>
    public bool TryReserve()
    {
        var current = Volatile.Read(ref _reserved);
        while (current < Capacity)
        {
            var seen = Interlocked.CompareExchange(ref _reserved, current + 1, current);
            if (seen == current)
            {
                Interlocked.Increment(ref _callsInProgress);
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>
    /// The queue is full: waits for a place while the database is reachable (back-pressure), but gives up at
    /// once, or as soon as the database becomes unreachable, so the call can be refused.
    /// </summary>
    /// <returns>True with a place taken; false when the call must be refused.</returns>
    public async ValueTask<bool> ReserveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var freed = Volatile.Read(ref _placesFreed).Task;
            if (TryReserve())
            {
                return true;
            }

            if (!_storeAvailable)
            {
                return false;
            }

            try
            {
                await freed.WaitAsync(_recheckInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Look again: at the store's state, and for a place.
            }
        }
    }

    /// <summary>Hands over the record of a call that holds a place.</summary>
    /// <returns>False if the hub has stopped taking records (it is shutting down).</returns>
    public bool Add(in ExchangeRecord record)
    {
        var added = _records.Writer.TryWrite(record);
        Interlocked.Decrement(ref _callsInProgress);
        return added;
    }

    /// <summary>The writer stored <paramref name="count"/> records: their places are free again.</summary>
    internal void Free(int count)
    {
        Interlocked.Add(ref _reserved, -count);
        Interlocked.Exchange(ref _placesFreed, NewSignal()).TrySetResult();
    }

    /// <summary>Waits until every call holding a place has handed its record over (on shutdown).</summary>
    internal async Task WaitForCallsInProgressAsync(CancellationToken cancellationToken)
    {
        while (CallsInProgress > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
        }
    }

    internal void CompleteAdding() => _records.Writer.TryComplete();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
