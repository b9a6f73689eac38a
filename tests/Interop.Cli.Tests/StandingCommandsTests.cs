using System.Globalization;
using Google.Protobuf;
using Interop.Contributions.V1;

namespace Interop.Cli.Tests;

public sealed class StandingCommandsTests(CliSandbox sandbox) : IClassFixture<CliSandbox>
{
    [Fact]
    public async Task Get_prints_the_standing_with_its_provenance()
    {
        var employer = sandbox.Population.Employer(0);

        var run = await sandbox.RunAsync("standing", "get", employer.RegistryNumber);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Stderr);
        Assert.Contains($"employers/{employer.RegistryNumber}/standing", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Clearance eligible", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("source SSF", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_as_of_a_date_computes_the_standing_for_that_date()
    {
        var employer = sandbox.Population.Employer(1);
        var asOf = CliSandbox.Seed.ReferenceDate.AddDays(-45);

        var run = await sandbox.RunAsync(
            "standing", "get", $"employers/{employer.RegistryNumber}", "--as-of", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var response = JsonParser.Default.Parse<GetStandingResponse>(run.Stdout);
        Assert.Equal($"employers/{employer.RegistryNumber}/standing", response.Standing.Name);
        Assert.Equal((asOf.Year, asOf.Month, asOf.Day), (response.Standing.AsOf.Year, response.Standing.AsOf.Month, response.Standing.AsOf.Day));
        Assert.Equal("SSF", response.Provenance.ProviderAgency);
    }

    [Fact]
    public async Task Get_of_an_employer_not_registered_with_the_fund_says_so()
    {
        var notRegistered = sandbox.Population.Employers().First(e => e.Contributions == Seeding.ContributionBehaviour.NotRegistered);

        var run = await sandbox.RunAsync("standing", "get", notRegistered.RegistryNumber, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(StandingStatus.NotRegistered, JsonParser.Default.Parse<GetStandingResponse>(run.Stdout).Standing.Status);
    }

    [Fact]
    public async Task Get_of_an_unknown_employer_exits_with_not_found()
    {
        var run = await sandbox.RunAsync("standing", "get", "99F9999999");

        Assert.Equal(15, run.ExitCode);
        Assert.StartsWith("error: NOT_FOUND: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_as_of_a_malformed_date_is_a_usage_error()
    {
        var run = await sandbox.RunAsync("standing", "get", sandbox.Population.Employer(0).RegistryNumber, "--as-of", "01/02/2025");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--as-of '01/02/2025'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_as_of_a_future_date_exits_with_invalid_argument_naming_the_field()
    {
        var future = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var run = await sandbox.RunAsync("standing", "get", sandbox.Population.Employer(0).RegistryNumber, "--as-of", future);

        Assert.Equal(13, run.ExitCode);
        Assert.Contains("field as_of: ", run.Stderr, StringComparison.Ordinal);
    }
}
