using System.CommandLine;

namespace Interop.Bench;

/// <summary>The benchmark command: <c>scripts/bench.sh [options]</c>.</summary>
public static class BenchCommand
{
    public static async Task<int> Main(string[] args)
    {
        var defaults = new BenchOptions();
        var duration = new Option<double>("--duration") { Description = "Measured seconds per run.", DefaultValueFactory = _ => defaults.Duration.TotalSeconds };
        var warmUp = new Option<double>("--warmup") { Description = "Unmeasured seconds before each run.", DefaultValueFactory = _ => defaults.WarmUp.TotalSeconds };
        var initialWarmUp = new Option<double>("--initial-warmup") { Description = "Unmeasured seconds of load on each server once it is up (JIT, pools, caches).", DefaultValueFactory = _ => defaults.InitialWarmUp.TotalSeconds };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of every scenario, alternating (A B A B ...).", DefaultValueFactory = _ => defaults.Rounds };
        var connections = new Option<int>("--connections") { Description = "HTTP/2 connections of the load client.", DefaultValueFactory = _ => defaults.Connections };
        var concurrency = new Option<int>("--concurrency") { Description = "Calls in flight in the closed-loop runs.", DefaultValueFactory = _ => defaults.Concurrency };
        var employers = new Option<int>("--employers") { Description = "Employers seeded into the benchmark's agency databases.", DefaultValueFactory = _ => defaults.Employers };
        var hot = new Option<int>("--hot") { Description = "Employers in the hot set of the cache-hit scenarios.", DefaultValueFactory = _ => defaults.HotEmployers };
        var prefix = new Option<string>("--database-prefix") { Description = "Databases <prefix>_cr, _ssf, _mol (agencies) and <prefix>_hub (exchange log).", DefaultValueFactory = _ => defaults.DatabasePrefix };
        var reuseData = new Option<bool>("--reuse-data") { Description = "Do not reseed the agency databases when they already hold the employers (faster; only while their schema has not changed)." };
        var noBuild = new Option<bool>("--no-build") { Description = "Use the existing Release builds of the hub and of E." };
        var scenarios = new Option<string>("--scenarios")
        {
            Description = $"Comma-separated subset of: {string.Join(',', BenchOptions.AllScenarios)}.",
            DefaultValueFactory = _ => string.Join(',', BenchOptions.AllScenarios),
        };
        var openLoopRate = new Option<double?>("--open-loop-rate") { Description = "Calls/s of the open-loop latency runs (default: half of E's median peak)." };
        var twinExtraCpu = new Option<double>("--twin-extra-cpu")
        {
            Description = "Microseconds E's twin spins a call before it answers (scenario twin); 0, the default, compares E with an identical server.",
            DefaultValueFactory = _ => defaults.TwinExtraCpuMicroseconds,
        };
        twinExtraCpu.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 10_000)
            {
                result.AddError("--twin-extra-cpu must be between 0 and 10,000 microseconds.");
            }
        });
        var output = new Option<string>("--output") { Description = "Markdown file the results are written to.", DefaultValueFactory = _ => defaults.Output };

        var root = new RootCommand("Benchmark of the Interop Hub against a bare gRPC server (E), alternating scenarios; prints figures, ratios and targets.")
        {
            duration, warmUp, initialWarmUp, rounds, connections, concurrency, employers, hot, prefix, reuseData, noBuild, scenarios, openLoopRate, twinExtraCpu, output,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(scenarios)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => s.ToLowerInvariant()).ToHashSet();
            var unknown = chosen.Except(BenchOptions.AllScenarios).ToList();
            if (unknown.Count > 0)
            {
                await Console.Error.WriteLineAsync($"bench: unknown scenario(s) {string.Join(", ", unknown)}; choose among {string.Join(", ", BenchOptions.AllScenarios)}.");
                return 2;
            }

            var options = new BenchOptions
            {
                Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                WarmUp = TimeSpan.FromSeconds(parse.GetValue(warmUp)),
                InitialWarmUp = TimeSpan.FromSeconds(parse.GetValue(initialWarmUp)),
                Rounds = parse.GetValue(rounds),
                Connections = parse.GetValue(connections),
                Concurrency = parse.GetValue(concurrency),
                Employers = parse.GetValue(employers),
                HotEmployers = parse.GetValue(hot),
                DatabasePrefix = parse.GetValue(prefix)!,
                ReuseData = parse.GetValue(reuseData),
                Build = !parse.GetValue(noBuild),
                Scenarios = chosen,
                Output = parse.GetValue(output)!,
                OpenLoopRate = parse.GetValue(openLoopRate),
                TwinExtraCpuMicroseconds = parse.GetValue(twinExtraCpu),
            };
            return await new BenchRun(options).RunAsync(cancellationToken);
        });

        return await root.Parse(args).InvokeAsync();
    }
}
