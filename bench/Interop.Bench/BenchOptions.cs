namespace Interop.Bench;

/// <summary>What the benchmark runs and how long; see <c>--help</c>.</summary>
public sealed record BenchOptions
{
    public static readonly IReadOnlyList<string> AllScenarios = ["e", "twin", "l1", "redis", "miss", "logoff", "latency", "fresh", "writer"];

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan InitialWarmUp { get; init; } = TimeSpan.FromSeconds(12);

    public int Rounds { get; init; } = 5;

    public int Connections { get; init; } = 4;

    public int Concurrency { get; init; } = 64;

    public int Employers { get; init; } = 20_000;

    public int HotEmployers { get; init; } = 100;

    public string DatabasePrefix { get; init; } = "bench";

    /// <summary>Skip seeding when the databases already hold the employers (their schema may be older than the adapters').</summary>
    public bool ReuseData { get; init; }

    public bool Build { get; init; } = true;

    public IReadOnlySet<string> Scenarios { get; init; } = AllScenarios.ToHashSet();

    public string Output { get; init; } = "bench/last-run.md";

    /// <summary>Calls per second of the open-loop runs; null: half of E's median peak, as the target is stated.</summary>
    public double? OpenLoopRate { get; init; }

    /// <summary>Microseconds E's twin spins a call before answering; 0: an A/A comparison (how far two identical servers differ here).</summary>
    public double TwinExtraCpuMicroseconds { get; init; }

    public bool Runs(string scenario) => Scenarios.Contains(scenario);
}
