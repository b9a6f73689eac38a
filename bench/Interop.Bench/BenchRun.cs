using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Google.Protobuf;
using Interop.Employers.V1;

namespace Interop.Bench;

/// <summary>One run of the benchmark: set up, alternate the scenarios round after round, report.</summary>
public sealed class BenchRun(BenchOptions options)
{
    public const string Caller = "MOL/bench";

    private readonly List<RunRecord> _records = [];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var environment = new BenchEnvironment(BenchEnvironment.FindRepositoryRoot(), options);
        var machine = MachineInfo.Describe();
        var revision = await environment.RevisionAsync(cancellationToken);
        Console.WriteLine($"Interop Hub benchmark of {revision}, {machine.Summary}");

        await environment.StartServicesAsync(cancellationToken);
        if (options.Build)
        {
            Console.WriteLine("Building the hub and E (Release) ...");
            await environment.BuildAsync(cancellationToken);
        }

        var agencies = await environment.SeedAgenciesAsync(cancellationToken);
        var hubDatabase = await environment.CreateHubDatabaseAsync(cancellationToken);
        var registryNumbers = await BenchEnvironment.RegistryNumbersAsync(agencies.CommercialRegistry, cancellationToken);
        var hotSet = registryNumbers.Take(options.HotEmployers).ToArray();

        await using var redis = await RedisServer.StartAsync(cancellationToken);
        await using var logProbe = new ExchangeLogProbe(hubDatabase);
        var live = new Dictionary<string, string>
        {
            ["Agencies__CommercialRegistry__ConnectionString"] = agencies.CommercialRegistry,
            ["Agencies__SocialSecurityFund__ConnectionString"] = agencies.SocialSecurityFund,
            ["Agencies__MinistryOfLabour__ConnectionString"] = agencies.MinistryOfLabour,

            // Deny by default: the sandbox's grants let MOL read the registry for WORK_PERMIT_APPLICATION.
            ["Access__SandboxGrants"] = "true",
        };
        var allScenarios = Scenario.All(live, redis.ConnectionString, hubDatabase, options.TwinExtraCpuMicroseconds);
        var scenarios = allScenarios.Where(s => options.Runs(s.Key)).ToList();
        var needsE = options.Runs("e") || options.Runs("twin") || options.Runs("latency");
        if (options.Runs("latency") && !scenarios.Any(s => s.Key == "l1"))
        {
            scenarios.Add(allScenarios.Single(s => s.Key == "l1"));
        }

        // The freshness bound needs two instances sharing Redis: the first-level-hit hub and its log-off twin.
        foreach (var instance in options.Runs("fresh") ? new[] { "l1", "logoff" } : [])
        {
            if (!scenarios.Any(s => s.Key == instance))
            {
                scenarios.Add(allScenarios.Single(s => s.Key == instance));
            }
        }

        if (needsE && !scenarios.Any(s => s.Key == "e"))
        {
            scenarios.Insert(0, allScenarios.Single(s => s.Key == "e"));
        }

        var servers = new Dictionary<string, ServerProcess>();
        var exitCode = 0;
        LatencyComparison? latency = null;
        WriterComparison? writer = null;
        IReadOnlyList<FreshnessRun>? freshness = null;
        string? echoResponseSize = null;
        try
        {
            foreach (var scenario in scenarios.Where(s => s.IsHub))
            {
                servers[scenario.Key] = ServerProcess.Start($"hub-{scenario.Key}", environment.HubDll, scenario.Environment, environment.LogDirectory);
            }

            foreach (var server in servers.Values)
            {
                await WaitUntilAnsweringAsync(server, hotSet[0], cancellationToken);
            }

            if (scenarios.Any(s => s.Key == "e"))
            {
                // With no hub scenario running (--scenarios e), a hub configured as the log-off one answers once:
                // a Live hub does not start without its log's settings.
                var captureEnvironment = allScenarios.Single(s => s.Key == "logoff").Environment;
                var response = await CaptureHubResponseAsync(servers.Values.FirstOrDefault(), environment, captureEnvironment, hotSet[0], cancellationToken);
                echoResponseSize = $"{response.Length:N0} bytes";
                Console.WriteLine($"E answers a GetEmployerResponse captured from the hub: {echoResponseSize}.");
                foreach (var echo in scenarios.Where(s => !s.IsHub))
                {
                    var echoEnvironment = new Dictionary<string, string>(echo.Environment) { ["Echo__Response"] = Convert.ToBase64String(response) };
                    servers[echo.Key] = ServerProcess.Start(echo.Key, environment.EchoDll, echoEnvironment, environment.LogDirectory);
                    await WaitUntilAnsweringAsync(servers[echo.Key], hotSet[0], cancellationToken);
                }
            }

            var closedLoop = scenarios.Where(s => options.Runs(s.Key)).ToList();
            var shape = new LoadShape(options.Connections, options.Concurrency, options.WarmUp, options.Duration);
            Console.WriteLine($"Warming up each server for {options.InitialWarmUp.TotalSeconds:0} s ...");
            foreach (var scenario in scenarios)
            {
                await Generator(servers[scenario.Key], scenario, hotSet, registryNumbers)
                    .RunClosedLoopAsync(shape with { WarmUp = TimeSpan.Zero, Duration = options.InitialWarmUp }, cancellationToken);
            }

            Console.WriteLine($"Closed loop: {options.Connections} connections, {options.Concurrency} calls in flight, {options.WarmUp.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s measured per run, {options.Rounds} rounds.");
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var scenario in InRoundOrder(closedLoop, round))
                {
                    var record = await MeasureAsync(scenario, round, servers[scenario.Key], hotSet, registryNumbers, shape, redis, logProbe, cancellationToken);
                    _records.Add(record);
                    Console.WriteLine(record.Describe());
                }
            }

            if (options.Runs("latency"))
            {
                latency = await CompareLatencyAsync(scenarios, servers, hotSet, registryNumbers, shape, redis, logProbe, cancellationToken);
            }

            if (options.Runs("fresh"))
            {
                Console.WriteLine("Freshness: changes committed in the registry's database until two hub instances serve them ...");
                var first = scenarios.Single(s => s.Key == "l1");
                freshness = await FreshnessBenchmark.RunAsync(
                    servers["l1"], servers["logoff"], agencies.CommercialRegistry, registryNumbers[^1], Generator(servers["l1"], first, hotSet, registryNumbers), shape, cancellationToken);
                if (freshness.Any(run => run.Failure is not null))
                {
                    exitCode = 1;
                }
            }

            if (options.Runs("writer"))
            {
                writer = await WriterBenchmark.RunAsync(hubDatabase, options, cancellationToken);
                Console.WriteLine(writer.Describe());
                if (writer.Failure is not null)
                {
                    exitCode = 1;
                }
            }
        }
        finally
        {
            foreach (var server in servers.Values)
            {
                if (server.HasExited)
                {
                    Console.Error.WriteLine($"{server.Name} exited during the benchmark ({server.ExitDescription}); its last lines:\n{server.Tail()}");
                    exitCode = 1;
                }

                await server.DisposeAsync();
            }
        }

        var report = new Report(options, machine, revision, _records, latency, freshness, writer, echoResponseSize, clock.Elapsed).ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(report);
        var output = Path.Combine(environment.RepositoryRoot, options.Output);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, report, cancellationToken);
        Console.WriteLine($"Written to {options.Output} in {clock.Elapsed.TotalSeconds:0} s; server logs in bench/.runs/.");

        var failedCalls = _records.Any(r => r.Load.Failures > 0) || (latency?.Records.Any(r => r.Load.Failures > 0) ?? false);
        if (failedCalls)
        {
            Console.Error.WriteLine("bench: some calls failed; the figures of those runs are not valid.");
            exitCode = 1;
        }

        return exitCode;
    }

    private static IEnumerable<Scenario> InRoundOrder(IReadOnlyList<Scenario> scenarios, int round) =>
        round % 2 == 1 ? scenarios : scenarios.Reverse();

    private LoadGenerator Generator(ServerProcess server, Scenario scenario, string[] hotSet, string[] registryNumbers) =>
        new(server.Address, scenario.HotSet ? hotSet : registryNumbers, Caller);

    private async Task<RunRecord> MeasureAsync(
        Scenario scenario,
        int round,
        ServerProcess server,
        string[] hotSet,
        string[] registryNumbers,
        LoadShape shape,
        RedisServer redis,
        ExchangeLogProbe logProbe,
        CancellationToken cancellationToken,
        double? openLoopRate = null)
    {
        var sideEffectsBefore = scenario.IsHub ? await SideEffectsAsync(redis, logProbe, cancellationToken) : null;
        var generator = Generator(server, scenario, hotSet, registryNumbers);
        var cpu = CpuSampler.Start(server.Id);
        var load = openLoopRate is { } rate
            ? await generator.RunOpenLoopAsync(shape, rate, cancellationToken)
            : await generator.RunClosedLoopAsync(shape, cancellationToken);
        var othersCpu = cpu.OthersShare();
        var stolen = cpu.StolenShare();
        var cpuPerCall = cpu.PerCall(load.CompletedIncludingWarmUp);

        SideEffects? sideEffects = null;
        if (sideEffectsBefore is not null)
        {
            sideEffects = await SettledSideEffectsAsync(scenario, sideEffectsBefore, load.CompletedIncludingWarmUp, redis, logProbe, cancellationToken);
        }

        return new RunRecord(scenario, round, load, Verdict.Of(scenario, load, sideEffects), openLoopRate, othersCpu, stolen, cpuPerCall);
    }

    private async Task<LatencyComparison> CompareLatencyAsync(
        IReadOnlyList<Scenario> scenarios,
        Dictionary<string, ServerProcess> servers,
        string[] hotSet,
        string[] registryNumbers,
        LoadShape shape,
        RedisServer redis,
        ExchangeLogProbe logProbe,
        CancellationToken cancellationToken)
    {
        var e = scenarios.Single(s => s.Key == "e");
        var peak = _records.Where(r => r.Scenario.Key == "e").Select(r => r.Load.CallsPerSecond).ToList();
        if (peak.Count == 0 && options.OpenLoopRate is null)
        {
            Console.WriteLine("Measuring E's peak for the latency comparison ...");
            for (var round = 1; round <= options.Rounds; round++)
            {
                peak.Add((await MeasureAsync(e, round, servers["e"], hotSet, registryNumbers, shape, redis, logProbe, cancellationToken)).Load.CallsPerSecond);
            }
        }

        var rate = options.OpenLoopRate ?? Statistics.Median(peak) / 2;
        Console.WriteLine($"Open loop at {(options.OpenLoopRate is null ? "half of E's peak" : "the rate asked for")}: {rate:N0} calls/s, latency counted from when each call was due.");
        // For information, when chosen: the log-off hub (whether the hub's p99 comes from its log or from the machine) and
        // E's twin (how far an identical server's p99 is from E's here, or what a given extra cost a call does to it).
        var openLoop = scenarios.Where(s => s.Key is "e" or "twin" or "l1" or "logoff").ToList();
        var records = new List<RunRecord>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var scenario in InRoundOrder(openLoop, round))
            {
                var record = await MeasureAsync(scenario, round, servers[scenario.Key], hotSet, registryNumbers, shape, redis, logProbe, cancellationToken, rate);
                records.Add(record);
                Console.WriteLine(record.Describe());
            }
        }

        return new LatencyComparison(rate, options.OpenLoopRate is null, records);
    }

    private static async Task<SideEffects> SideEffectsAsync(RedisServer redis, ExchangeLogProbe logProbe, CancellationToken cancellationToken) =>
        new(await redis.KeyspaceHitsAsync(cancellationToken), await logProbe.CountRowsAsync(cancellationToken));

    /// <summary>
    /// The log is written off the request path: wait for its last batch before counting, and for the count to stop
    /// moving (calls cut off at the end of the run are recorded too), so that no late row lands in the next run's count.
    /// </summary>
    private static async Task<SideEffects> SettledSideEffectsAsync(
        Scenario scenario, SideEffects before, long calls, RedisServer redis, ExchangeLogProbe logProbe, CancellationToken cancellationToken)
    {
        var settle = Stopwatch.StartNew();
        long? previousRows = null;
        while (true)
        {
            var after = await SideEffectsAsync(redis, logProbe, cancellationToken);
            var delta = new SideEffects(after.RedisHits - before.RedisHits, after.LogRows - before.LogRows);
            var steady = previousRows == after.LogRows;
            var settled = scenario.Log == LogExpectation.On ? delta.LogRows >= calls && steady : settle.Elapsed > TimeSpan.FromSeconds(1);
            if (settled || settle.Elapsed > TimeSpan.FromSeconds(5))
            {
                return delta;
            }

            previousRows = after.LogRows;
            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task WaitUntilAnsweringAsync(ServerProcess server, string registryNumber, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(server.Address);
        var client = new EmployerRegistry.EmployerRegistryClient(channel);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"{server.Name} exited at start-up; its last lines:\n{server.Tail()}");
            }

            try
            {
                await client.GetEmployerAsync(
                    new GetEmployerRequest { Name = $"employers/{registryNumber}" },
                    LoadGenerator.Headers(Caller),
                    deadline: DateTime.UtcNow.AddSeconds(5),
                    cancellationToken: cancellationToken);
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200, cancellationToken);
            }
            catch (RpcException ex)
            {
                throw new InvalidOperationException($"{server.Name} did not answer GetEmployer: {ex.Status}; its last lines:\n{server.Tail()}", ex);
            }
        }
    }

    /// <summary>The bytes of a real GetEmployer answer, so E serves a message of exactly the hub's size.</summary>
    private static async Task<byte[]> CaptureHubResponseAsync(
        ServerProcess? runningHub, BenchEnvironment environment, IReadOnlyDictionary<string, string> hubEnvironment, string registryNumber, CancellationToken cancellationToken)
    {
        ServerProcess? ownHub = null;
        try
        {
            var hub = runningHub;
            if (hub is null)
            {
                ownHub = ServerProcess.Start("hub-capture", environment.HubDll, hubEnvironment, environment.LogDirectory);
                await WaitUntilAnsweringAsync(ownHub, registryNumber, cancellationToken);
                hub = ownHub;
            }

            using var channel = GrpcChannel.ForAddress(hub.Address);
            var response = await new EmployerRegistry.EmployerRegistryClient(channel).GetEmployerAsync(
                new GetEmployerRequest { Name = $"employers/{registryNumber}" },
                LoadGenerator.Headers(Caller),
                cancellationToken: cancellationToken);
            return response.ToByteArray();
        }
        finally
        {
            if (ownHub is not null)
            {
                await ownHub.DisposeAsync();
            }
        }
    }
}

/// <summary>One measured run.</summary>
/// <param name="OthersCpu">Share of the machine's CPU used by other processes (PostgreSQL included) during the run.</param>
/// <param name="Stolen">Share of the machine's CPU time the hypervisor gave to other virtual machines during the run.</param>
/// <param name="Cpu">CPU time per call (warm-up included, as its calls are): the server's and the machine's.</param>
public sealed record RunRecord(Scenario Scenario, int Round, LoadResult Load, Verdict Verdict, double? OpenLoopRate, double OthersCpu, double Stolen, CpuPerCall Cpu)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"  round {Round}  {Scenario.Label + (OpenLoopRate is null ? string.Empty : " (open loop)"),-38} {Load.CallsPerSecond,9:N0} calls/s  p50 {Load.P50Milliseconds,7:0.000} ms  p99 {Load.P99Milliseconds,7:0.000} ms  other CPU {OthersCpu,4:P0}  stolen {Stolen,4:P0}  CPU/call {Cpu.ServerMicros,5:0.0} µs server, {Cpu.MachineMicros,5:0.0} µs machine  {(Verdict.Verified ? "ok" : "NOT VERIFIED")}{(Verdict.Notes.Length == 0 ? string.Empty : ": " + Verdict.Notes)}");
}

/// <summary>The open-loop runs at half of E's peak rate.</summary>
/// <param name="AtHalfOfPeak">Whether the rate is half of E's peak (the target's condition) rather than one asked for.</param>
public sealed record LatencyComparison(double Rate, bool AtHalfOfPeak, IReadOnlyList<RunRecord> Records);

public static class Statistics
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
