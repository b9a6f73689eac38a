using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Interop.Employers.V1;
using Npgsql;

namespace Interop.Bench;

/// <summary>How long changes committed in the registry's database took to be served by two hub instances.</summary>
/// <param name="Condition">What else the machine was doing.</param>
/// <param name="Milliseconds">For each change, from its commit until both instances served it.</param>
/// <param name="Failure">Why the changes could not be measured, if they could not.</param>
public sealed record FreshnessRun(string Condition, IReadOnlyList<double> Milliseconds, string? Failure = null)
{
    /// <summary>The nearest-rank percentile: p99 of 200 changes is the second slowest.</summary>
    public double Percentile(double percent)
    {
        if (Milliseconds.Count == 0)
        {
            return double.NaN;
        }

        var sorted = Milliseconds.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public string Describe() => Failure is not null ? $"  freshness, {Condition}: FAILED: {Failure}" : string.Create(CultureInfo.InvariantCulture,
        $"  freshness, {Condition}: {Milliseconds.Count} changes served by both instances after p50 {Percentile(50):0.0} ms, p99 {Percentile(99):0.0} ms, max {Percentile(100):0.0} ms");
}

/// <summary>
/// The freshness bound measured (issue 3: a change committed in an agency's database is visible through every hub
/// instance within 1 second, p99 under 250 ms). Two hub processes share Redis and the registry's database; for each
/// change, both first hold the employer in their first level (an answer from cache on each), then the registry's row
/// is updated (committed, as an agency's own system would) and both instances are read in turn, about every
/// millisecond, until each serves the new name. First 200 changes with the machine otherwise idle, then as many as fit
/// in 10 s while the load client drives the first instance as hard as it can (the closed loop's calls in flight on
/// the hot set, log on), the worst the machine gets.
/// </summary>
public static class FreshnessBenchmark
{
    private const int IdleChanges = 200;

    private const int MaxChangesUnderLoad = 2_000;

    /// <summary>How long the load runs; the changes go on as long as it does.</summary>
    private static readonly TimeSpan _underLoad = TimeSpan.FromSeconds(10);

    /// <summary>A change not served after this long fails the bound outright; the run stops waiting for it.</summary>
    private static readonly TimeSpan _giveUp = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<FreshnessRun>> RunAsync(
        ServerProcess first,
        ServerProcess second,
        string registryDatabase,
        string registryNumber,
        LoadGenerator load,
        LoadShape shape,
        CancellationToken cancellationToken)
    {
        await using var registry = NpgsqlDataSource.Create(registryDatabase);
        var original = await OriginalNameAsync(registry, registryNumber, cancellationToken);
        using var firstChannel = GrpcChannel.ForAddress(first.Address);
        using var secondChannel = GrpcChannel.ForAddress(second.Address);
        var instances = (First: new EmployerRegistry.EmployerRegistryClient(firstChannel), Second: new EmployerRegistry.EmployerRegistryClient(secondChannel));
        try
        {
            var idle = await MeasureAsync("idle machine", instances, registry, registryNumber, () => IdleChanges, cancellationToken);
            Console.WriteLine(idle.Describe());

            var loading = Task.Run(() => load.RunClosedLoopAsync(shape with { Duration = _underLoad }, cancellationToken), CancellationToken.None);
            await Task.Delay(shape.WarmUp, cancellationToken);
            var measured = await MeasureAsync("under load", instances, registry, registryNumber, () => loading.IsCompleted ? 0 : MaxChangesUnderLoad, cancellationToken);
            var result = await loading;
            var loaded = measured with
            {
                Condition = string.Create(CultureInfo.InvariantCulture,
                    $"while the load client drives the first instance as hard as it can ({shape.Concurrency} calls in flight: {result.CallsPerSecond:N0} calls/s, {result.Failures} failed)"),
                Failure = measured.Failure ?? (result.Failures > 0 ? $"{result.Failures} calls of the load failed: {result.FirstFailure}" : null),
            };
            Console.WriteLine(loaded.Describe());
            return [idle, loaded];
        }
        finally
        {
            await SetNameAsync(registry, registryNumber, original, CancellationToken.None);
        }
    }

    private static async Task<FreshnessRun> MeasureAsync(
        string condition,
        (EmployerRegistry.EmployerRegistryClient First, EmployerRegistry.EmployerRegistryClient Second) instances,
        NpgsqlDataSource registry,
        string registryNumber,
        Func<int> changesWanted,
        CancellationToken cancellationToken)
    {
        var delays = new List<double>();
        for (var change = 1; change <= changesWanted(); change++)
        {
            if (!await BothServeFromCacheAsync(instances, registryNumber, cancellationToken))
            {
                return new FreshnessRun(condition, delays, $"change {change}: an instance would not serve employer {registryNumber} from its cache");
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"BENCH FRESHNESS {Guid.NewGuid():N}");
            await SetNameAsync(registry, registryNumber, name, cancellationToken);
            var committed = Stopwatch.StartNew();
            // Which instance is read first alternates, so that neither is always read sooner after the commit.
            var order = change % 2 == 0 ? new[] { instances.First, instances.Second } : [instances.Second, instances.First];
            var served = new bool[2];
            while (!served.All(s => s))
            {
                for (var i = 0; i < order.Length; i++)
                {
                    if (!served[i] && (await GetAsync(order[i], registryNumber, cancellationToken)).Employer.LegalNameLatin == name)
                    {
                        served[i] = true;
                    }
                }

                if (committed.Elapsed > _giveUp)
                {
                    return new FreshnessRun(condition, delays, $"change {change} was not served by both instances within {_giveUp.TotalSeconds:0} s");
                }

                if (!served.All(s => s))
                {
                    await Task.Delay(1, cancellationToken);
                }
            }

            delays.Add(committed.Elapsed.TotalMilliseconds);
        }

        return new FreshnessRun(condition, delays);
    }

    /// <summary>Reads the employer through both until each answers from its cache (the read after an eviction refills it).</summary>
    private static async Task<bool> BothServeFromCacheAsync(
        (EmployerRegistry.EmployerRegistryClient First, EmployerRegistry.EmployerRegistryClient Second) instances, string registryNumber, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = await GetAsync(instances.First, registryNumber, cancellationToken);
            var second = await GetAsync(instances.Second, registryNumber, cancellationToken);
            if (first.Provenance.FromCache && second.Provenance.FromCache)
            {
                return true;
            }

            await Task.Delay(2, cancellationToken);
        }

        return false;
    }

    private static Task<GetEmployerResponse> GetAsync(EmployerRegistry.EmployerRegistryClient client, string registryNumber, CancellationToken cancellationToken) =>
        client.GetEmployerAsync(
            new GetEmployerRequest { Name = $"employers/{registryNumber}" },
            LoadGenerator.Headers(BenchRun.Caller),
            deadline: DateTime.UtcNow.AddSeconds(10),
            cancellationToken: cancellationToken).ResponseAsync;

    private static async Task<string> OriginalNameAsync(NpgsqlDataSource registry, string registryNumber, CancellationToken cancellationToken)
    {
        await using var command = registry.CreateCommand("SELECT raison_sociale FROM rc_entreprise WHERE num_rc = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = registryNumber });
        return (string?)await command.ExecuteScalarAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Employer {registryNumber} is not in the registry's database.");
    }

    private static async Task SetNameAsync(NpgsqlDataSource registry, string registryNumber, string name, CancellationToken cancellationToken)
    {
        await using var command = registry.CreateCommand("UPDATE rc_entreprise SET raison_sociale = $1 WHERE num_rc = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = registryNumber });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

}
