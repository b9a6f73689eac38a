namespace Interop.Cli.Tests;

public sealed class CliAppTests(CliSandbox sandbox) : IClassFixture<CliSandbox>
{
    [Fact]
    public async Task Without_a_caller_the_hub_answers_unauthenticated()
    {
        var run = await sandbox.RunAsCallerAsync(null, "employers", "get", sandbox.Population.Employer(0).RegistryNumber);

        Assert.Equal(26, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.StartsWith("error: UNAUTHENTICATED: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("reason: CALLER_IDENTITY_MISSING", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: say who you are with --caller AGENCY/system or INTEROP_CALLER", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_caller_option_wins_over_the_environment()
    {
        var run = await sandbox.RunAsync("directory", "--caller", "GS/border-control");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("You are GS/border-control", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mol/permits")]
    [InlineData("MOL")]
    [InlineData("MOL/Permits Backoffice")]
    public async Task A_malformed_caller_is_a_usage_error_before_any_call(string caller)
    {
        var run = await sandbox.RunAsCallerAsync(caller, "directory");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: The caller", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("employers")]
    [InlineData("employers", "get")]
    [InlineData("employers", "fetch", "16B0012345")]
    [InlineData("directory", "--timeout", "0")]
    public async Task A_wrong_command_line_is_a_usage_error(params string[] args)
    {
        var run = await sandbox.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Run 'interop --help' for usage.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_commands_and_succeeds()
    {
        var run = await sandbox.RunAsync("--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var command in new[] { "employers", "standing", "permits", "directory", "--address", "--caller", "--json" })
        {
            Assert.Contains(command, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unreachable_hub_exits_with_unavailable()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await CliApp.RunAsync(
            ["directory", "--address", "http://127.0.0.1:1", "--caller", CliSandbox.Caller], stdout, stderr, environment: _ => null);

        Assert.Equal(24, exitCode);
        Assert.StartsWith("error: UNAVAILABLE: ", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("hint: no hub answered at http://127.0.0.1:1/", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_address_is_a_usage_error()
    {
        var run = await sandbox.RunAsync("directory", "--address", "localhost 5080");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("localhost 5080", run.Stderr, StringComparison.Ordinal);
    }
}
