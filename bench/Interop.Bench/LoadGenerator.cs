using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Interop.Employers.V1;

namespace Interop.Bench;

/// <summary>What one load run observed.</summary>
public sealed record LoadResult(
    long Calls,
    long Failures,
    string? FirstFailure,
    long FromCache,
    TimeSpan Measured,
    double P50Milliseconds,
    double P99Milliseconds,
    long CompletedIncludingWarmUp,
    long NotSent = 0)
{
    public double CallsPerSecond => Calls / Measured.TotalSeconds;

    public double FromCacheFraction => Calls == 0 ? 0 : (double)FromCache / Calls;
}

/// <summary>How to drive a target: connections, concurrency, timing.</summary>
public sealed record LoadShape(int Connections, int Concurrency, TimeSpan WarmUp, TimeSpan Duration);

/// <summary>
/// The HTTP/2 load client: several connections (one GrpcChannel each, plus more if a connection's stream
/// limit is reached), GetEmployer calls with the caller header, every response checked. Closed loop
/// (as fast as the target answers, a fixed number of calls in flight) for throughput; open loop (calls
/// sent on a fixed schedule, latency counted from when each call was due) for latency at a given rate.
/// </summary>
public sealed class LoadGenerator(Uri address, IReadOnlyList<string> registryNumbers, string caller)
{
    /// <summary>The open loop stops publishing calls while this many are due and unanswered: the target is overloaded.</summary>
    public const int MaxUnansweredOpenLoop = 4096;

    private readonly GetEmployerRequest[] _requests =
        [.. registryNumbers.Select(number => new GetEmployerRequest { Name = $"employers/{number}" })];

    /// <summary>Every call to an agency declares why and for which file; the sandbox's grants allow MOL this purpose.</summary>
    public const string Purpose = "WORK_PERMIT_APPLICATION";

    public const string CaseReference = "BENCH-2026-000001";

    private readonly Metadata _headers = Headers(caller);

    /// <summary>What every call of the benchmark sends: who calls, why, for which file.</summary>
    public static Metadata Headers(string caller) => new()
    {
        { "x-interop-caller", caller },
        { "x-interop-purpose", Purpose },
        { "x-interop-case", CaseReference },
    };

    public async Task<LoadResult> RunClosedLoopAsync(LoadShape shape, CancellationToken cancellationToken)
    {
        using var channels = new Channels(address, shape.Connections);
        var workers = new Worker[shape.Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = new Worker(channels.Clients[i % shape.Connections], i);
        }

        var clock = new RunClock(shape.WarmUp, shape.Duration);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = workers.Select(worker => Task.Run(() => RunWorkerAsync(worker, clock, abort.Token), CancellationToken.None)).ToArray();
        await WaitBoundedAsync(running, shape, abort);

        var histogram = new LatencyHistogram();
        foreach (var worker in workers)
        {
            histogram.Add(worker.Histogram);
        }

        return new LoadResult(
            workers.Sum(w => w.Calls),
            workers.Sum(w => w.Failures),
            workers.Select(w => w.FirstFailure).FirstOrDefault(f => f is not null),
            workers.Sum(w => w.FromCache),
            shape.Duration,
            histogram.PercentileMilliseconds(50),
            histogram.PercentileMilliseconds(99),
            workers.Sum(w => w.Completed));
    }

    /// <summary>
    /// Sends <paramref name="callsPerSecond"/> calls a second whatever the target does; latency counts from when each
    /// call was due. As wrk2 does: a dispatcher publishes each call's due time, and a fixed set of senders (as many as
    /// the closed loop's calls in flight) takes them in order, so a call that waits for a free sender waits on the
    /// clock. Starting each call as its own thread-pool work item (the previous design) cost the client so much CPU
    /// that on two shared cores not even E could be offered half its closed-loop peak. The due calls are handed over
    /// through a semaphore, which wakes one idle sender per call: a channel wakes every sender waiting on it at each
    /// write, 64 wake-ups for the 20 or so calls due in a millisecond, most of them in vain.
    /// </summary>
    public async Task<LoadResult> RunOpenLoopAsync(LoadShape shape, double callsPerSecond, CancellationToken cancellationToken)
    {
        using var channels = new Channels(address, shape.Connections);
        var state = new OpenLoopState();
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = new RunClock(shape.WarmUp, shape.Duration);
        var ticksBetweenCalls = Stopwatch.Frequency / callsPerSecond;
        using var due = new DueCalls();
        var senders = Enumerable.Range(0, shape.Concurrency)
            .Select(i => Task.Run(
                () => SendDueCallsAsync(channels.Clients[i % shape.Connections], due, ticksBetweenCalls, state, clock, abort.Token),
                CancellationToken.None))
            .ToArray();

        // A dedicated thread that sleeps between wake-ups: a spinning scheduler would take a core from the
        // servers on this two-core machine. Calls due while it slept are published together when it wakes (~1 ms).
        var dispatcher = new Thread(() => DispatchOpenLoop(due, ticksBetweenCalls, state, clock, abort.Token))
        {
            IsBackground = true,
            Name = "open-loop dispatcher",
        };
        dispatcher.Start();
        await Task.Run(dispatcher.Join, CancellationToken.None);
        due.Complete(shape.Concurrency);
        var drained = Task.WhenAll(senders);
        if (await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None)) != drained)
        {
            await abort.CancelAsync();
            throw new TimeoutException($"{state.Unanswered} calls still unanswered 30 s after the open-loop run against {address}.");
        }

        await drained;
        return new LoadResult(
            state.Calls,
            state.Failures,
            state.FirstFailure,
            state.FromCache,
            shape.Duration,
            state.Histogram.PercentileMilliseconds(50),
            state.Histogram.PercentileMilliseconds(99),
            state.Completed,
            state.Overloaded);
    }

    private static async Task WaitBoundedAsync(Task[] running, LoadShape shape, CancellationTokenSource abort)
    {
        var all = Task.WhenAll(running);
        var limit = shape.WarmUp + shape.Duration + TimeSpan.FromSeconds(30);
        if (await Task.WhenAny(all, Task.Delay(limit, CancellationToken.None)) != all)
        {
            await abort.CancelAsync();
            throw new TimeoutException($"The load run did not finish within {limit.TotalSeconds:0} s: the target stopped answering.");
        }

        await all;
    }

    private async Task RunWorkerAsync(Worker worker, RunClock clock, CancellationToken cancellationToken)
    {
        var next = worker.Index * 7919 % _requests.Length;
        var options = new CallOptions(_headers, cancellationToken: cancellationToken);
        while (true)
        {
            var phase = clock.PhaseNow();
            if (phase == RunPhase.Done)
            {
                return;
            }

            var request = _requests[next];
            next = next + 1 == _requests.Length ? 0 : next + 1;
            var started = Stopwatch.GetTimestamp();
            try
            {
                var response = await worker.Client.GetEmployerAsync(request, options);
                var ended = Stopwatch.GetTimestamp();
                worker.Completed++;
                if (clock.EndedInWindow(ended))
                {
                    worker.Histogram.Record(ended - started);
                    worker.Calls++;
                    if (response.Provenance?.FromCache == true)
                    {
                        worker.FromCache++;
                    }
                }
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                worker.Failures++;
                worker.FirstFailure ??= $"{ex.StatusCode}: {ex.Status.Detail}";
            }
        }
    }

    /// <summary>Publishes the number of each call as it falls due (call n is due at n calls' spacing from the start).</summary>
    private static void DispatchOpenLoop(DueCalls due, double ticksBetweenCalls, OpenLoopState state, RunClock clock, CancellationToken cancellationToken)
    {
        long call = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (clock.PhaseAt(now) == RunPhase.Done)
            {
                return;
            }

            var dueNow = (long)((now - clock.Start) / ticksBetweenCalls) + 1;
            var published = 0;
            for (; call < dueNow; call++)
            {
                if (state.Unanswered >= MaxUnansweredOpenLoop)
                {
                    Interlocked.Increment(ref state.Overloaded);
                    continue;
                }

                Interlocked.Increment(ref state.Published);
                due.Calls.Enqueue(call);
                published++;
            }

            due.Publish(published);
            Thread.Sleep(1);
        }
    }

    private async Task SendDueCallsAsync(
        EmployerRegistry.EmployerRegistryClient client,
        DueCalls due,
        double ticksBetweenCalls,
        OpenLoopState state,
        RunClock clock,
        CancellationToken cancellationToken)
    {
        var options = new CallOptions(_headers, cancellationToken: cancellationToken);
        while (true)
        {
            await due.Published.WaitAsync(CancellationToken.None);
            if (!due.Calls.TryDequeue(out var call))
            {
                return; // completed: every call published has been taken
            }

            var dueAt = clock.Start + (long)(call * ticksBetweenCalls);
            var request = _requests[call % _requests.Length];
            try
            {
                var response = await client.GetEmployerAsync(request, options);
                var ended = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref state.Completed);
                if (clock.DueInWindow(dueAt))
                {
                    state.Histogram.RecordAtomic(ended - dueAt);
                    Interlocked.Increment(ref state.Calls);
                    if (response.Provenance?.FromCache == true)
                    {
                        Interlocked.Increment(ref state.FromCache);
                    }
                }
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref state.Failures);
                state.FirstFailure ??= $"{ex.StatusCode}: {ex.Status.Detail}";
            }
        }
    }

    /// <summary>The calls due and not yet taken, and one semaphore count for each (plus one per sender at the end).</summary>
    private sealed class DueCalls : IDisposable
    {
        public ConcurrentQueue<long> Calls { get; } = new();

        public SemaphoreSlim Published { get; } = new(0);

        public void Publish(int count)
        {
            if (count > 0)
            {
                Published.Release(count);
            }
        }

        /// <summary>Lets every sender finish: each takes what is left, then finds the queue empty.</summary>
        public void Complete(int senders) => Published.Release(senders);

        public void Dispose() => Published.Dispose();
    }

    private enum RunPhase
    {
        WarmUp,
        Measuring,
        Done,
    }

    /// <summary>
    /// Warm-up, then the measured window. Closed loop: the calls that completed inside the window (throughput
    /// is completions per second). Open loop: the calls due inside the window, however late they completed.
    /// </summary>
    private sealed class RunClock(TimeSpan warmUp, TimeSpan duration)
    {
        public long Start { get; } = Stopwatch.GetTimestamp();

        private long MeasureFrom => Start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);

        private long MeasureUntil => MeasureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        public RunPhase PhaseNow() => PhaseAt(Stopwatch.GetTimestamp());

        public RunPhase PhaseAt(long timestamp) =>
            timestamp < MeasureFrom ? RunPhase.WarmUp : timestamp < MeasureUntil ? RunPhase.Measuring : RunPhase.Done;

        public bool EndedInWindow(long ended) => ended >= MeasureFrom && ended < MeasureUntil;

        public bool DueInWindow(long dueAt) => dueAt >= MeasureFrom && dueAt < MeasureUntil;
    }

    private sealed class Worker(EmployerRegistry.EmployerRegistryClient client, int index)
    {
        public EmployerRegistry.EmployerRegistryClient Client { get; } = client;

        public int Index { get; } = index;

        public LatencyHistogram Histogram { get; } = new();

        public long Calls { get; set; }

        public long Completed { get; set; }

        public long Failures { get; set; }

        public long FromCache { get; set; }

        public string? FirstFailure { get; set; }
    }

    private sealed class OpenLoopState
    {
        public readonly LatencyHistogram Histogram = new();
        public long Published;
        public long Calls;
        public long Completed;
        public long Failures;
        public long Overloaded;
        public long FromCache;
        public string? FirstFailure;

        public long Unanswered => Volatile.Read(ref Published) - Volatile.Read(ref Completed) - Volatile.Read(ref Failures);
    }

    /// <summary>One GrpcChannel per connection, each with its own handler so they do not share a connection.</summary>
    private sealed class Channels : IDisposable
    {
        private readonly GrpcChannel[] _channels;

        public Channels(Uri address, int count)
        {
            _channels = [.. Enumerable.Range(0, count).Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler
                {
                    EnableMultipleHttp2Connections = true,
                    PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                    UseProxy = false,
                    AutomaticDecompression = DecompressionMethods.None,
                },
                DisposeHttpClient = true,
            }))];
            Clients = [.. _channels.Select(channel => new EmployerRegistry.EmployerRegistryClient(channel))];
        }

        public IReadOnlyList<EmployerRegistry.EmployerRegistryClient> Clients { get; }

        public void Dispose()
        {
            foreach (var channel in _channels)
            {
                channel.Dispose();
            }
        }
    }
}
