using System.Globalization;
using System.Text;
using Interop.Hub.ExchangeLog;

namespace Interop.Bench;

/// <summary>The results as markdown, ready to paste into bench/README.md.</summary>
public sealed class Report(
    BenchOptions options,
    MachineInfo machine,
    string revision,
    IReadOnlyList<RunRecord> records,
    LatencyComparison? latency,
    IReadOnlyList<FreshnessRun>? freshness,
    WriterComparison? writer,
    string? echoResponseSize,
    TimeSpan elapsed)
{
    private static readonly CultureInfo _invariant = CultureInfo.InvariantCulture;

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        Line(text, $"### Run of {machine.Date:yyyy-MM-dd HH:mm} UTC, {revision}");
        Line(text);
        Line(text, $"- Machine: {machine.Cores} cores, {machine.Cpu}, {machine.Memory}, {machine.Os}, {machine.Runtime}; load average {machine.LoadAverage} when the run started.");
        Line(text, $"- Settings: {options.Rounds} alternating rounds, {options.WarmUp.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s measured per run, "
            + $"{options.Connections} HTTP/2 connections, {options.Concurrency} calls in flight (closed loop), hot set of {options.HotEmployers:N0} of "
            + $"{options.Employers:N0} employers{(echoResponseSize is null ? string.Empty : $", GetEmployer response {echoResponseSize}")}; whole run {elapsed.TotalSeconds:0} s.");
        Line(text, machine.ThreadPoolSpinLimit is { } spinLimit
            ? $"- .NET thread pool: {MachineInfo.SpinLimitVariable}={spinLimit} for every .NET process of the run (load client, E, hubs; set by scripts/bench.sh): "
                + "on two cores shared by the load client, the server and PostgreSQL, a worker spinning while it waits for work takes the core from the others."
            : $"- .NET thread pool: the runtime's default (idle workers spin before they sleep; {MachineInfo.SpinLimitVariable} unset).");
        Line(text, "- \"other CPU\": share of the machine used during the run by processes other than the load client and the server under test "
            + "(PostgreSQL, Redis, the idle servers, and anything else running): high values mean a disturbed run.");
        Line(text, "- \"stolen\": share of the machine's CPU time the hypervisor gave to other virtual machines while this one had work "
            + "(/proc/stat's steal): the host's own measure of a disturbed run; it counts in no other column.");
        Line(text, "- \"CPU µs/call\": CPU time per call of the server under test, and of the whole machine (load client, PostgreSQL and Redis "
            + "included), medians of the rounds: steadier than throughput when the host's other tenants take the cores for a while.");
        Line(text);

        if (records.Count > 0)
        {
            Line(text, "| scenario (closed loop) | calls/s, median | each round | p50 ms | p99 ms | other CPU | stolen | CPU µs/call: server, machine | check |");
            Line(text, "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |");
            foreach (var group in InReportOrder(records))
            {
                Row(text, group.ToList());
            }

            Line(text);
        }

        if (latency is not null)
        {
            Line(text, $"Open loop at {(latency.AtHalfOfPeak ? "half of E's peak" : "a rate given by --open-loop-rate")}, {latency.Rate:N0} calls/s (latency from when each call was due):");
            Line(text);
            Line(text, "| scenario (open loop) | calls/s, median | each round | p50 ms | p99 ms | other CPU | stolen | CPU µs/call: server, machine | check |");
            Line(text, "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |");
            foreach (var group in InReportOrder(latency.Records))
            {
                Row(text, group.ToList());
            }

            Line(text);
        }

        if (writer?.Failure is not null)
        {
            Line(text, $"Exchange-log writer alone: **FAILED**: {writer.Failure}");
            Line(text);
        }
        else if (writer is not null)
        {
            Line(text, "| exchange-log writer alone | records/s, median | each round |");
            Line(text, "| --- | ---: | --- |");
            Line(text, $"| binary COPY, writes of {writer.RecordsPerWrite:N0} (a checkpoint every {ExchangeLogOptions.DefaultBatchSize:N0}) | {writer.Batched:N0} | {Rounds(writer.BatchedPerSecond)} |");
            Line(text, $"| one INSERT per record | {writer.Single:N0} | {Rounds(writer.SinglePerSecond)} |");
            Line(text);
        }

        Freshness(text);
        Line(text, "| ratio (same run) | median of the rounds' ratios (each round) | target | result |");
        Line(text, "| --- | ---: | --- | --- |");
        Ratio(text, "hub first-level hit / E, throughput", Throughput("l1"), Throughput("e"), ">= 0.75", v => v >= 0.75);
        LatencyRatio(text);
        Information(text, "hub p99 / E p99, log off (information)", OpenLoopP99("logoff"), OpenLoopP99("e"));
        Information(text, "E's twin p99 / E p99 (information: " + TwinMeaning() + ")", OpenLoopP99("twin"), OpenLoopP99("e"));
        Information(text, "E's twin / E, throughput (information)", Throughput("twin"), Throughput("e"));
        Ratio(text, "hub Redis hit / E, throughput", Throughput("redis"), Throughput("e"), ">= 0.5", v => v >= 0.5);
        Ratio(text, "hub first-level hit / hub cache miss, throughput", Throughput("l1"), Throughput("miss"), ">= 3", v => v >= 3);
        LogCost(text);
        LogCpuCost(text);
        Ratio(text, "exchange-log writer: batched COPY / one INSERT per record",
            writer is null ? null : new Figure(Numbered(writer.BatchedPerSecond), writer.Failure is null, $"failed: {writer.Failure}", "the writer"),
            writer is null ? null : new Figure(Numbered(writer.SinglePerSecond), writer.Failure is null, $"failed: {writer.Failure}", "the writer"),
            ">= 20", v => v >= 20);
        return text.ToString();
    }

    /// <summary>The issue's bound: every instance serves a committed change within 1 s, p99 under 250 ms.</summary>
    private void Freshness(StringBuilder text)
    {
        if (freshness is null)
        {
            return;
        }

        Line(text, "| freshness: from a change's commit in the registry's database until both hub instances serve it | changes | p50 ms | p99 ms | slowest ms | target | result |");
        Line(text, "| --- | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var run in freshness)
        {
            var result = run.Failure is not null || run.Milliseconds.Count == 0
                ? $"**FAILED**: {run.Failure ?? "no change measured"}"
                : run.Percentile(99) < 250 && run.Percentile(100) < 1000 ? "PASS" : "FAIL";
            Line(text, $"| {run.Condition} | {run.Milliseconds.Count} | {run.Percentile(50):0.0} | {run.Percentile(99):0.0} | {run.Percentile(100):0.0} | p99 < 250, all < 1,000 | {result} |");
        }

        Line(text);
    }

    private static void Line(StringBuilder text, FormattableString line) => text.Append(line.ToString(_invariant)).Append('\n');

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');

    private static void Row(StringBuilder text, List<RunRecord> runs)
    {
        var verified = runs.All(r => r.Verdict.Verified);
        var check = verified ? (runs[^1].Verdict.Notes.Length == 0 ? "ok" : $"ok: {runs[^1].Verdict.Notes}") : $"**NOT VERIFIED**: {runs.First(r => !r.Verdict.Verified).Verdict.Notes}";
        Line(text, $"| {runs[0].Scenario.Label} | {Statistics.Median(runs.Select(r => r.Load.CallsPerSecond)):N0} | {Rounds(runs.Select(r => r.Load.CallsPerSecond))} | "
            + $"{Statistics.Median(runs.Select(r => r.Load.P50Milliseconds)):0.000} | {Statistics.Median(runs.Select(r => r.Load.P99Milliseconds)):0.000} | "
            + $"{Statistics.Median(runs.Select(r => r.OthersCpu)):P0} | {Statistics.Median(runs.Select(r => r.Stolen)):P0} | {Statistics.Median(runs.Select(r => r.Cpu.ServerMicros)):0.0}, "
            + $"{Statistics.Median(runs.Select(r => r.Cpu.MachineMicros)):0.0} | {check.TrimEnd()} |");
    }

    private static IEnumerable<IGrouping<string, RunRecord>> InReportOrder(IEnumerable<RunRecord> runs) =>
        runs.GroupBy(r => r.Scenario.Key).OrderBy(g => BenchOptions.AllScenarios.ToList().IndexOf(g.Key));

    private static string Rounds(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("N0", _invariant)));

    private Figure? Throughput(string key) => Summarise(records, key, r => r.Load.CallsPerSecond);

    private Figure? OpenLoopP99(string key) => latency is null ? null : Summarise(latency.Records, key, r => r.Load.P99Milliseconds);

    private static Figure? Summarise(IReadOnlyList<RunRecord> runs, string key, Func<RunRecord, double> value)
    {
        var mine = runs.Where(r => r.Scenario.Key == key).ToList();
        if (mine.Count == 0)
        {
            return null;
        }

        var unverified = mine.FirstOrDefault(r => !r.Verdict.Verified);
        return new Figure(mine.Select(r => (r.Round, value(r))).ToList(), unverified is null, unverified?.Verdict.Notes ?? string.Empty, mine[0].Scenario.Label);
    }

    private static List<(int Round, double Value)> Numbered(IEnumerable<double> values) => values.Select((v, i) => (i + 1, v)).ToList();

    /// <summary>
    /// The ratio of each round (the two scenarios ran one after the other in it), and their median. The host's other
    /// tenants take the cores for minutes at a time: a ratio of two runs a minute apart is steadier than a ratio of
    /// two medians, each of which may come from a different moment of the host.
    /// </summary>
    private static (double Median, string Rounds) PairedRatios(Figure numerator, Figure denominator, Func<double, double, double> ratio, string format = "0.00")
    {
        var values = numerator.Rounds
            .Join(denominator.Rounds, n => n.Round, d => d.Round, (n, d) => ratio(n.Value, d.Value))
            .ToList();
        return values.Count == 0
            ? (double.NaN, string.Empty)
            : (Statistics.Median(values), string.Join(", ", values.Select(v => v.ToString(format, _invariant))));
    }

    private static void Ratio(StringBuilder text, string name, Figure? numerator, Figure? denominator, string target, Func<double, bool> meets)
    {
        if (numerator is null || denominator is null)
        {
            Line(text, $"| {name} | — | {target} | not run |");
            return;
        }

        var (value, rounds) = PairedRatios(numerator, denominator, static (n, d) => n / d);
        var problem = new[] { numerator, denominator }.FirstOrDefault(f => !f.Verified);
        if (problem is not null)
        {
            Line(text, $"| {name} | — | {target} | NOT MEASURED: {problem.Label} {problem.Notes} (the unverified runs gave {value:0.00}) |");
            return;
        }

        Line(text, $"| {name} | {value:0.00} ({rounds}) | {target} | {(meets(value) ? "PASS" : "FAIL")} |");
    }

    /// <summary>
    /// A hub that cannot keep up with a rate E keeps up with has no p99 at that rate (its queue grows for as long as
    /// the run lasts): that fails the target, it does not leave it unmeasured.
    /// </summary>
    private void LatencyRatio(StringBuilder text)
    {
        var name = latency is { AtHalfOfPeak: false } ? "hub p99 / E p99, open loop at the rate given (not the target's condition)" : "hub p99 / E p99, open loop at half of E's peak";
        var hub = OpenLoopP99("l1");
        var e = OpenLoopP99("e");
        var notKeptUp = latency?.Records.Where(r => r.Scenario.Key == "l1" && r.Load.NotSent > 0).Sum(r => r.Load.NotSent) ?? 0;
        if (hub is not null && e is { Verified: true } && notKeptUp > 0)
        {
            Line(text, $"| {name} | — | <= 1.5 | FAIL: E kept up with the rate, the hub did not ({notKeptUp:N0} calls not sent; p99 {hub.Median:0.0} ms against E's {e.Median:0.0} ms while its queue grew) |");
            return;
        }

        Ratio(text, name, hub, e, "<= 1.5", v => v <= 1.5);
    }

    private string TwinMeaning() => options.TwinExtraCpuMicroseconds == 0
        ? "an identical server, how far two runs of the same thing differ here"
        : $"the same server spinning {options.TwinExtraCpuMicroseconds:0.#} µs more a call";

    /// <summary>A ratio with no target, in the same rounds: what the hub's log makes of its p99, what the host's noise makes of E's.</summary>
    private static void Information(StringBuilder text, string name, Figure? numerator, Figure? denominator)
    {
        if (numerator is null || denominator is null)
        {
            return;
        }

        var (value, rounds) = PairedRatios(numerator, denominator, static (n, d) => n / d);
        Line(text, $"| {name} | {value:0.00} ({rounds}){(numerator.Verified ? string.Empty : $"; {numerator.Notes}")} | — | — |");
    }

    private void LogCost(StringBuilder text)
    {
        const string Name = "exchange log on: throughput lost vs off (first-level hit)";
        var on = Throughput("l1");
        var off = Throughput("logoff");
        if (on is null || off is null)
        {
            Line(text, $"| {Name} | — | <= 20% | not run |");
            return;
        }

        var (cost, rounds) = PairedRatios(on, off, static (withLog, withoutLog) => 1 - (withLog / withoutLog), "P0");
        var problem = new[] { on, off }.FirstOrDefault(f => !f.Verified);
        Line(text, problem is null
            ? $"| {Name} | {cost:P0} ({rounds}) | <= 20% | {(cost <= 0.20 ? "PASS" : "FAIL")} |"
            : $"| {Name} | — | <= 20% | NOT MEASURED: {problem.Label} {problem.Notes} (the unverified runs gave {cost:P0}) |");
    }

    /// <summary>The same cost counted in CPU time per call on the whole machine (information: the target is on throughput).</summary>
    private void LogCpuCost(StringBuilder text)
    {
        var on = records.Where(r => r.Scenario.Key == "l1").Select(r => r.Cpu.MachineMicros).ToList();
        var off = records.Where(r => r.Scenario.Key == "logoff").Select(r => r.Cpu.MachineMicros).ToList();
        if (on.Count == 0 || off.Count == 0)
        {
            return;
        }

        var (withLog, withoutLog) = (Statistics.Median(on), Statistics.Median(off));
        Line(text, $"| exchange log on: machine CPU per call vs off (information) | {withLog:0.0} vs {withoutLog:0.0} µs: {1 - (withoutLog / withLog):P0} of the CPU | — | — |");
    }

    /// <param name="Rounds">The value of each round, by round number.</param>
    private sealed record Figure(IReadOnlyList<(int Round, double Value)> Rounds, bool Verified, string Notes, string Label)
    {
        public double Median => Statistics.Median(Rounds.Select(r => r.Value));
    }
}
