using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Interop.Cli.Tests;

/// <summary>
/// An operator's setup made with the CLI itself (<c>interop pki ca create</c>, <c>interop pki server</c>) and a real
/// hub in mutual-TLS mode on a free loopback port trusting it. MOL/permits-backoffice is the registered system.
/// </summary>
public sealed class MutualTlsCliHub : IAsyncLifetime
{
    private Factory? _factory;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "interop-pki-cli-" + Guid.NewGuid().ToString("N"));

    public string CaDirectory => Path.Combine(Root, "ca");

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await RunAsync("pki", "ca", "create", "--out", CaDirectory);
        await RunAsync("pki", "server", "--ca", CaDirectory, "--dns", "localhost", "--ip", "127.0.0.1", "--out", Path.Combine(Root, "hub"));

        _factory = new Factory(new Dictionary<string, string?>
        {
            ["Identity:Mode"] = "MutualTls",
            ["Identity:TrustedCaPath"] = Path.Combine(CaDirectory, "ca.crt"),
            ["Identity:RevocationListPath"] = Path.Combine(CaDirectory, "ca.crl"),
            ["Identity:Systems:MOL:0"] = "permits-backoffice",
            ["Kestrel:Endpoints:Grpc:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Certificate:Path"] = Path.Combine(Root, "hub", "hub.crt"),
            ["Kestrel:Endpoints:Grpc:Certificate:KeyPath"] = Path.Combine(Root, "hub", "hub.key"),
            ["Agencies:Mode"] = "Sandbox",
            ["Sandbox:Employers"] = "300",
            ["Sandbox:InsuredWorkers"] = "3000",
            ["Sandbox:Permits"] = "600",
        });
        _factory.UseKestrel();
        _factory.StartServer();
        Address = _factory.ClientOptions.BaseAddress;
    }

    /// <summary>Runs <c>interop</c> over real sockets, with <paramref name="environment"/> as its only environment.</summary>
    public static async Task<CliRun> RunWithAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, handler: null, name => environment.GetValueOrDefault(name));
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var run = await RunWithAsync(new Dictionary<string, string?>(), args);
        Assert.True(run.ExitCode == ExitCodes.Success, $"interop {string.Join(' ', args)} exited {run.ExitCode}: {run.Stderr}");
        return run;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        Directory.Delete(Root, recursive: true);
    }

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<global::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
