using Interop.Adapters.Labour;
using Interop.Seeding;
using Interop.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Interop.Cli.Tests;

/// <summary>
/// The real hub running a small sandbox in process, and the same synthetic world generated again here, so tests
/// know which employers and permits exist. The CLI runs in process too, reaching the hub through TestServer.
/// </summary>
public sealed class CliSandbox : WebApplicationFactory<global::Program>
{
    public const string Caller = "MOL/permits-backoffice";

    /// <summary>What the hub generates from the settings below; the hub's "today" is also the first of this month.</summary>
    public static readonly SeedOptions Seed = SeedOptions.Sandbox with { Seed = 2026, Employers = 300, InsuredWorkers = 3000, Permits = 600 };

    private readonly Lazy<IReadOnlyList<PermisTravail>> _permits;
    private readonly Lazy<IReadOnlyList<TravailleurEtranger>> _workers;

    private readonly Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? _overrides;

    public CliSandbox()
        : this(null)
    {
    }

    private CliSandbox(Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? overrides)
    {
        _overrides = overrides;
        Population = new Population(Seed);
        var labour = LabourGenerator.Generate(Population);
        _permits = new(() => [.. labour.Permis]);
        _workers = new(() => [.. labour.Travailleurs]);
    }

    public Population Population { get; }

    /// <summary>A sandbox whose hub also has these registrations, applied after its own (e.g. a health check that fails).</summary>
    public static CliSandbox With(Action<Microsoft.Extensions.DependencyInjection.IServiceCollection> overrides) => new(overrides);

    /// <summary>The Ministry of Labour's permits, as its own records hold them.</summary>
    public IReadOnlyList<PermisTravail> Permits => _permits.Value;

    public IReadOnlyList<TravailleurEtranger> Workers => _workers.Value;

    /// <summary>Runs <c>interop</c> as <see cref="Caller"/> (given through INTEROP_CALLER).</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunAsCallerAsync(Caller, args);

    /// <summary>
    /// Runs <c>interop</c> with INTEROP_CALLER set to <paramref name="caller"/>, or unset when null, and INTEROP_PURPOSE
    /// and INTEROP_CASE to a purpose the sandbox grants the caller's agency and a case reference.
    /// </summary>
    public Task<CliRun> RunAsCallerAsync(string? caller, params string[] args) => RunWithAsync(
        new Dictionary<string, string?>
        {
            ["INTEROP_CALLER"] = caller,
            ["INTEROP_PURPOSE"] = caller is null ? null : SandboxPurposes.Of(caller),
            ["INTEROP_CASE"] = caller is null ? null : SandboxPurposes.CaseReference,
        },
        args);

    /// <summary>Runs <c>interop</c> with exactly these environment variables (and INTEROP_ADDRESS).</summary>
    public async Task<CliRun> RunWithAsync(IReadOnlyDictionary<string, string?> variables, params string[] args)
    {
        var environment = new Dictionary<string, string?>(variables) { ["INTEROP_ADDRESS"] = Server.BaseAddress.ToString() };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, Server.CreateHandler(), name => environment.GetValueOrDefault(name));
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Agencies:Mode", "Sandbox");
        builder.UseSetting("Sandbox:Seed", Seed.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Sandbox:Employers", Seed.Employers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Sandbox:InsuredWorkers", Seed.InsuredWorkers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Sandbox:Permits", Seed.Permits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_overrides is not null)
        {
            builder.ConfigureServices(_overrides);
        }
    }
}

/// <summary>What one run of the CLI printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr);
