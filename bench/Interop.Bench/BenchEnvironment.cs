using System.Diagnostics;
using System.Globalization;
using Interop.Seeding;
using Npgsql;

namespace Interop.Bench;

/// <summary>The machinery around the measurements: services, Release builds, seeded agency databases, the hub's database.</summary>
public sealed class BenchEnvironment(string repositoryRoot, BenchOptions options)
{
    /// <remarks>
    /// Without TLS: Debian's cluster offers it (a snakeoil certificate) and Npgsql's default takes it, which over the
    /// loopback protects nothing (what it costs here was within the host's noise: bench/README.md, 2026-12-06).
    /// </remarks>
    private const string ServerConnectionString = "Host=127.0.0.1;Port=5432;Username=interop;Password=interop;Database=postgres;SSL Mode=Disable";

    public string RepositoryRoot { get; } = repositoryRoot;

    public string HubDll => Path.Combine(RepositoryRoot, "src/Hub/bin/Release/net10.0/Interop.Hub.dll");

    public string EchoDll => Path.Combine(RepositoryRoot, "bench/Interop.Bench.Echo/bin/Release/net10.0/Interop.Bench.Echo.dll");

    public string LogDirectory => Path.Combine(RepositoryRoot, "bench/.runs");

    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Interop.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmark from inside the repository (Interop.sln not found above the current directory).");
    }

    /// <summary>The commit measured, and whether the working tree differed from it (figures belong to code).</summary>
    public async Task<string> RevisionAsync(CancellationToken cancellationToken)
    {
        var commit = (await OutputOfAsync("git", ["rev-parse", "--short", "HEAD"], cancellationToken))?.Trim();
        if (string.IsNullOrEmpty(commit))
        {
            return "unknown (not a git checkout)";
        }

        var changes = await OutputOfAsync("git", ["status", "--porcelain", "--untracked-files=no", "--", "src", "bench", "protos"], cancellationToken);
        return string.IsNullOrWhiteSpace(changes) ? $"commit {commit}" : $"commit {commit} with uncommitted changes in src/, bench/ or protos/";
    }

    public Task StartServicesAsync(CancellationToken cancellationToken) =>
        RunAsync("scripts/services.sh", ["start"], cancellationToken);

    /// <summary>Release builds of the two servers; the benchmark then runs their dlls directly.</summary>
    public async Task BuildAsync(CancellationToken cancellationToken)
    {
        foreach (var project in new[] { "src/Hub/Interop.Hub.csproj", "bench/Interop.Bench.Echo/Interop.Bench.Echo.csproj" })
        {
            // Another build of the same projects (a colleague's, in Debug) can hold a file for a moment: retry once.
            try
            {
                await RunAsync("dotnet", ["build", "-c", "Release", "--nologo", "-v", "q", project], cancellationToken);
            }
            catch (InvalidOperationException)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                await RunAsync("dotnet", ["build", "-c", "Release", "--nologo", "-v", "q", project], cancellationToken);
            }
        }
    }

    /// <summary>
    /// Seeds the agency databases <c>{prefix}_cr/_ssf/_mol</c> with the project's own generator (a few seconds;
    /// dropped and recreated, so the schema is the adapters' current one). With --reuse-data, databases that
    /// already hold this many employers are kept (the data is deterministic: same options, same rows).
    /// </summary>
    public async Task<AgencyConnectionStrings> SeedAgenciesAsync(CancellationToken cancellationToken)
    {
        var connections = await SeedDatabases.CreateAsync(ServerConnectionString, options.DatabasePrefix, cancellationToken);
        if (options.ReuseData && await CountEmployersAsync(connections.CommercialRegistry, cancellationToken) == options.Employers)
        {
            Console.WriteLine($"Agency databases {options.DatabasePrefix}_cr/_ssf/_mol already hold {options.Employers:N0} employers: kept (--reuse-data).");
            return connections;
        }

        var seed = new SeedOptions
        {
            Employers = options.Employers,
            InsuredWorkers = options.Employers * 5,
            Permits = Math.Max(1, options.Employers / 2),
            Months = 12,
        };
        Console.WriteLine($"Seeding {seed.Employers:N0} employers, {seed.InsuredWorkers:N0} insured workers, {seed.Permits:N0} permits, {seed.Months} months into {options.DatabasePrefix}_cr/_ssf/_mol ...");
        var clock = Stopwatch.StartNew();
        await using var cr = NpgsqlDataSource.Create(connections.CommercialRegistry);
        await using var ssf = NpgsqlDataSource.Create(connections.SocialSecurityFund);
        await using var mol = NpgsqlDataSource.Create(connections.MinistryOfLabour);
        await AgencySeeder.SeedAsync(new Population(seed), new AgencyDataSources(cr, ssf, mol), cancellationToken);
        Console.WriteLine($"  seeded in {clock.Elapsed.TotalSeconds:0.0} s");
        return connections;
    }

    /// <summary>
    /// The hub's own database (exchange log), dropped and created empty at each run: a log grown by earlier runs
    /// (millions of rows, deeper indexes) would make each run slower than the last.
    /// </summary>
    public async Task<string> CreateHubDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = $"{options.DatabasePrefix}_hub";
        await using var server = NpgsqlDataSource.Create(ServerConnectionString);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var drop = server.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                await drop.ExecuteNonQueryAsync(cancellationToken);
                break;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 30)
            {
                // An autovacuum worker (a superuser's process, which our role may not end) is still on the old log.
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        await using (var create = server.CreateCommand($"CREATE DATABASE \"{name}\""))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Registry numbers that exist, in a fixed pseudo-random order.</summary>
    public static async Task<string[]> RegistryNumbersAsync(string commercialRegistry, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(commercialRegistry);
        await using var command = dataSource.CreateCommand("SELECT num_rc FROM rc_entreprise ORDER BY md5(num_rc)");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var numbers = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            numbers.Add(reader.GetString(0));
        }

        return [.. numbers];
    }

    private static async Task<long> CountEmployersAsync(string commercialRegistry, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(commercialRegistry);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM rc_entreprise");
        try
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return -1;
        }
    }

    private async Task<string?> OutputOfAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = RepositoryRoot, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = RepositoryRoot, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
