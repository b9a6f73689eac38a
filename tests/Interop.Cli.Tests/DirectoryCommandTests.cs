using System.Text.Json;

namespace Interop.Cli.Tests;

public sealed class DirectoryCommandTests(CliSandbox sandbox) : IClassFixture<CliSandbox>
{
    [Fact]
    public async Task Lists_the_agencies_and_what_the_caller_may_call()
    {
        var run = await sandbox.RunAsync("directory");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Stderr);
        foreach (var code in new[] { "CR", "SSF", "MOL", "GS" })
        {
            Assert.Contains($" {code} ", run.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("interop.employers.v1.EmployerRegistry", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("You are MOL/permits-backoffice", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_json_prints_both_answers_in_one_object()
    {
        var run = await sandbox.RunAsCallerAsync(null, "directory", "--json", "--caller", "SSF/clearance");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var document = JsonDocument.Parse(run.Stdout);
        var agencies = document.RootElement.GetProperty("agencies").GetProperty("agencies");
        Assert.Contains(agencies.EnumerateArray(), a => a.GetProperty("code").GetString() == "CR");
        var access = document.RootElement.GetProperty("callerAccess");
        Assert.Equal("SSF", access.GetProperty("agencyCode").GetString());
        Assert.Equal("clearance", access.GetProperty("system").GetString());
    }
}
