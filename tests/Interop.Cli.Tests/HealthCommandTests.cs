using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interop.Cli.Tests;

public sealed class HealthCommandTests(CliSandbox sandbox) : IClassFixture<CliSandbox>
{
    [Fact]
    public async Task A_serving_hub_answers_without_any_caller_identity()
    {
        var run = await sandbox.RunWithAsync(new Dictionary<string, string?>(), "health");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("SERVING", run.Stdout.Trim());
        Assert.Empty(run.Stderr);
    }

    [Fact]
    public async Task With_json_prints_the_health_service_answer()
    {
        var run = await sandbox.RunWithAsync(new Dictionary<string, string?>(), "health", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Equal("SERVING", document.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_hub_that_refuses_calls_is_reported_with_a_failing_exit_code()
    {
        await using var refusing = CliSandbox.With(services => services.AddHealthChecks()
            .AddCheck("refusing", () => HealthCheckResult.Unhealthy("the test says so")));

        var run = await refusing.RunWithAsync(new Dictionary<string, string?>(), "health");

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.StartsWith("NOT_SERVING", run.Stdout.Trim(), StringComparison.Ordinal);
    }
}
