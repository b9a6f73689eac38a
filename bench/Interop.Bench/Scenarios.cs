namespace Interop.Bench;

/// <summary>What a scenario's answers must show for its figure to mean what its label says.</summary>
public enum CacheExpectation
{
    /// <summary>E: no cache to check.</summary>
    None,

    /// <summary>Every answer from cache, and Redis not asked: the first level served it.</summary>
    FirstLevelHit,

    /// <summary>Every answer from cache, one Redis hit per call: the second level served it.</summary>
    RedisHit,

    /// <summary>No answer from cache: the agency's database served it.</summary>
    Miss,
}

/// <summary>Whether the run must leave one exchange-log row per call, or none.</summary>
public enum LogExpectation
{
    None,
    On,
    Off,
}

/// <summary>One closed-loop scenario: a server process, a configuration, a workload, and what to verify.</summary>
public sealed record Scenario(
    string Key,
    string Label,
    string Measures,
    bool IsHub,
    IReadOnlyDictionary<string, string> Environment,
    bool HotSet,
    CacheExpectation Cache,
    LogExpectation Log)
{
    /// <summary>The hub's checkpoint signing key (Live mode requires one): generated once per run, in a temporary file.</summary>
    private static readonly Lazy<string> _checkpointKeyPath = new(() => WriteKey("checkpoint"));

    /// <summary>A Live hub also needs the fund's key for clearance certificates, though the benchmark issues none.</summary>
    private static readonly Lazy<string> _certificateKeyPath = new(() => WriteKey("certificate"));

    private static string WriteKey(string purpose)
    {
        // ECDSA P-256 in PKCS#8 PEM: what both the log's checkpoint key and the fund's certificate key are.
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(Path.GetTempPath(), $"interop-bench-{purpose}-key-{System.Environment.ProcessId}.pem");
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        return path;
    }

    private static string TwinLabel(double extraCpuMicroseconds) =>
        extraCpuMicroseconds == 0 ? "E's twin (A/A)" : $"E's twin, {extraCpuMicroseconds:0.#} µs more a call";

    /// <summary>The benchmark's scenarios, in the order they alternate within a round.</summary>
    public static IReadOnlyList<Scenario> All(IReadOnlyDictionary<string, string> live, string redis, string hubDatabase, double twinExtraCpuMicroseconds)
    {
        Dictionary<string, string> Hub(string firstLevel, string redisConnection, string logEnabled) => new(live)
        {
            ["Cache__Redis"] = redisConnection,
            ["Cache__FirstLevel__Enabled"] = firstLevel,
            ["ExchangeLog__ConnectionString"] = hubDatabase,
            ["ExchangeLog__Enabled"] = logEnabled,
            ["ExchangeLog__SigningKeyPath"] = _checkpointKeyPath.Value,
            ["Certificates__Keys__0__KeyId"] = "bench",
            ["Certificates__Keys__0__PemPath"] = _certificateKeyPath.Value,
            ["Certificates__Keys__0__Status"] = "Active",
            // appsettings.json names this category explicitly; Default=Warning alone would leave one log line per call.
            ["Logging__LogLevel__Interop.Hub.Interceptors.ExchangeInterceptor"] = "Warning",
        };

        // The order the closed loop runs them in, forwards in odd rounds and backwards in even ones: each pair that makes
        // a ratio runs back to back (the Redis hit and E, E and the first-level hit, the hit with and without the log; E's
        // twin is next to E in the open loop, where it matters most), so that a ratio compares two runs the host treated
        // alike, and each of the two goes first as often as the other (the one after a run with the log on shares the
        // cores with PostgreSQL's work left from that run).
        return
        [
            new("twin", TwinLabel(twinExtraCpuMicroseconds), "E's twin: the same server, spinning the given microseconds a call before it answers (--twin-extra-cpu)",
                IsHub: false, new Dictionary<string, string> { ["Echo__ExtraCpuMicroseconds"] = twinExtraCpuMicroseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                HotSet: true, CacheExpectation.None, LogExpectation.None),
            new("redis", "hub, Redis hit", "the first-level hit with the first level off: every answer from Redis",
                IsHub: true, Hub("false", redis, "true"), HotSet: true, CacheExpectation.RedisHit, LogExpectation.On),
            new("e", "E (bare gRPC server)", "Grpc.AspNetCore answering a prebuilt GetEmployerResponse of the hub's size: the ceiling",
                IsHub: false, new Dictionary<string, string>(), HotSet: true, CacheExpectation.None, LogExpectation.None),
            new("l1", "hub, first-level hit", "GetEmployer on the hot set: caller header, validation, first-level cache, exchange log on",
                IsHub: true, Hub("true", redis, "true"), HotSet: true, CacheExpectation.FirstLevelHit, LogExpectation.On),
            new("logoff", "hub, first-level hit, log off", "the first-level-hit scenario with ExchangeLog:Enabled=false",
                IsHub: true, Hub("true", redis, "false"), HotSet: true, CacheExpectation.FirstLevelHit, LogExpectation.Off),
            new("miss", "hub, cache miss", "cache off: every call reads the registry's PostgreSQL database (all employers)",
                IsHub: true, Hub("false", string.Empty, "true"), HotSet: false, CacheExpectation.Miss, LogExpectation.On),
        ];
    }
}
