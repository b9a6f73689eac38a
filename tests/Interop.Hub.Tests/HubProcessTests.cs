using System.Diagnostics;
using Interop.Hub.Extensions;

namespace Interop.Hub.Tests;

/// <summary>
/// The hub as an operator starts it, a process (<c>dotnet Interop.Hub.dll</c>) run from another directory: a setting
/// it cannot start with is told in a sentence with exit code 78, no stack trace; the settings file next to the hub is
/// found wherever it is run from.
/// </summary>
public sealed class HubProcessTests : IDisposable
{
    private static readonly string HubDll = Path.Combine(AppContext.BaseDirectory, "Interop.Hub.dll");

    private readonly string _elsewhere = Directory.CreateTempSubdirectory("interop-hub-cwd-").FullName;

    public void Dispose() => Directory.Delete(_elsewhere, recursive: true);

    [Fact]
    public async Task A_live_hub_without_its_signing_key_setting_says_what_to_set_and_exits_78()
    {
        var run = await RunUntilExitAsync(LiveSettings());

        Assert.Equal(HubStartupExtensions.ConfigurationErrorExitCode, run.ExitCode);
        Assert.Contains("Interop Hub cannot start", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("ExchangeLog:SigningKeyPath is not set", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signing_key_file_that_is_not_there_is_named_and_the_hub_exits_78()
    {
        var missing = Path.Combine(_elsewhere, "checkpoint-key.pem");
        var fundKey = Path.Combine(_elsewhere, "fund-key.pem");
        using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(fundKey, key.ExportPkcs8PrivateKeyPem());
        }

        var run = await RunUntilExitAsync(new Dictionary<string, string>(LiveSettings())
        {
            ["ExchangeLog__SigningKeyPath"] = missing,
            ["Certificates__Keys__0__KeyId"] = "fund-2026",
            ["Certificates__Keys__0__PemPath"] = fundKey,
        });

        Assert.Equal(HubStartupExtensions.ConfigurationErrorExitCode, run.ExitCode);
        Assert.Contains($"ExchangeLog:SigningKeyPath '{missing}' cannot be used", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_authority_file_that_holds_none_is_named_and_the_hub_exits_78()
    {
        var notACertificate = Path.Combine(_elsewhere, "ca.crt");
        await File.WriteAllTextAsync(notACertificate, "not a certificate");
        var run = await RunUntilExitAsync(new Dictionary<string, string>
        {
            ["Identity__Mode"] = "MutualTls",
            ["Identity__TrustedCaPath"] = notACertificate,
            ["Identity__RevocationListPath"] = notACertificate,
            ["Kestrel__Endpoints__Grpc__Url"] = "https://127.0.0.1:0",
        });

        Assert.Equal(HubStartupExtensions.ConfigurationErrorExitCode, run.ExitCode);
        Assert.Contains($"Identity:TrustedCaPath '{notACertificate}'", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_another_process_listens_on_is_named_and_the_hub_exits_69()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}";

        var run = await RunUntilExitAsync(new Dictionary<string, string>(SmallSandbox) { ["Kestrel__Endpoints__Grpc__Url"] = address });

        Assert.Equal(HubStartupExtensions.AddressInUseExitCode, run.ExitCode);
        Assert.Contains($"Interop Hub cannot start: Failed to bind to address {address}: address already in use.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sandbox_starts_from_any_working_directory()
    {
        using var hub = Start(SmallSandbox);
        var listening = new TaskCompletionSource();
        hub.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        hub.BeginOutputReadLine();
        var stderr = hub.StandardError.ReadToEndAsync();

        var first = await Task.WhenAny(listening.Task, hub.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));

        var exited = hub.HasExited;
        if (!exited)
        {
            hub.Kill(entireProcessTree: true);
        }

        Assert.True(first == listening.Task, exited ? $"the hub exited with {hub.ExitCode}: {await stderr}" : "the hub did not listen within 60 s");
    }

    private static Dictionary<string, string> SmallSandbox => new() { ["Sandbox__Employers"] = "50", ["Sandbox__InsuredWorkers"] = "200", ["Sandbox__Permits"] = "50" };

    private static Dictionary<string, string> LiveSettings() => new()
    {
        ["Agencies__CommercialRegistry__ConnectionString"] = "Host=127.0.0.1;Database=none_cr",
        ["Agencies__SocialSecurityFund__ConnectionString"] = "Host=127.0.0.1;Database=none_ssf",
        ["Agencies__MinistryOfLabour__ConnectionString"] = "Host=127.0.0.1;Database=none_mol",
        ["ExchangeLog__ConnectionString"] = "Host=127.0.0.1;Database=none_hub",
    };

    private Process Start(IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", [HubDll])
        {
            WorkingDirectory = _elsewhere,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunUntilExitAsync(IReadOnlyDictionary<string, string> settings)
    {
        using var hub = Start(settings);
        var (stdout, stderr) = (hub.StandardOutput.ReadToEndAsync(), hub.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await hub.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            hub.Kill(entireProcessTree: true);
            throw;
        }

        return (hub.ExitCode, await stdout, await stderr);
    }
}
