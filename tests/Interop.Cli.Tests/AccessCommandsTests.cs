using System.Text.Json;

namespace Interop.Cli.Tests;

/// <summary><c>interop access</c> against the sandbox, and the --purpose/--case options every call to an agency needs.</summary>
public sealed class AccessCommandsTests(CliSandbox sandbox) : IClassFixture<CliSandbox>
{
    private const string Registry = "CR/registry-office";

    [Fact]
    public async Task Grant_call_revoke_and_call_again()
    {
        var employer = $"{sandbox.Population.Employer(9).RegistryNumber}";
        var portal = new Dictionary<string, string?> { ["INTEROP_CALLER"] = "PORTAL/web", ["INTEROP_CASE"] = "PP-2026-7" };

        var before = await sandbox.RunWithAsync(portal, "employers", "get", employer, "--purpose", "PUBLIC_PROCUREMENT");
        var grant = await sandbox.RunAsCallerAsync(Registry, "access", "grant", "--consumer", "PORTAL/web",
            "--service", "interop.employers.v1.EmployerRegistry", "--method", "GetEmployer", "--for", "PUBLIC_PROCUREMENT",
            "--fields", "registry_number,status", "--rate", "5", "--id", "cli-portal");
        var allowed = await sandbox.RunWithAsync(portal, "employers", "get", employer, "--purpose", "PUBLIC_PROCUREMENT", "--json");
        var revoke = await sandbox.RunAsCallerAsync(Registry, "access", "revoke", "cli-portal", "--reason", "file closed");
        var after = await sandbox.RunWithAsync(portal, "employers", "get", employer, "--purpose", "PUBLIC_PROCUREMENT");

        Assert.Equal(ExitCodes.ForStatus(Grpc.Core.StatusCode.PermissionDenied), before.ExitCode);
        Assert.Contains("ACCESS_NOT_GRANTED", before.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, grant.ExitCode);
        Assert.Contains("grants/cli-portal", grant.Stdout, StringComparison.Ordinal);
        Assert.Contains("registry_number, status", grant.Stdout, StringComparison.Ordinal);
        Assert.Contains("5/s, burst 5", grant.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, allowed.ExitCode);
        using (var document = JsonDocument.Parse(allowed.Stdout))
        {
            var record = document.RootElement.GetProperty("employer");
            Assert.Equal(employer, record.GetProperty("registryNumber").GetString());
            Assert.Equal("", record.GetProperty("taxId").GetString());
        }

        Assert.Equal(ExitCodes.Success, revoke.ExitCode);
        Assert.Contains("file closed", revoke.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ForStatus(Grpc.Core.StatusCode.PermissionDenied), after.ExitCode);
    }

    [Fact]
    public async Task List_shows_the_grants_an_agency_provides_or_holds_and_json_for_scripts()
    {
        var table = await sandbox.RunAsCallerAsync("GS/border-control", "access", "list");
        var json = await sandbox.RunAsCallerAsync("GS/border-control", "access", "list", "--json");

        Assert.Equal(ExitCodes.Success, table.ExitCode);
        Assert.Contains("grants/sandbox-gs-employers", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("registry_number", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("sandbox-mol-", table.Stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(
            ["grants/sandbox-gs-employers", "grants/sandbox-gs-permits"],
            document.RootElement.GetProperty("grants").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Only_the_provider_may_grant()
    {
        var run = await sandbox.RunAsCallerAsync("MOL/permits-backoffice", "access", "grant", "--consumer", "GS",
            "--service", "interop.contributions.v1.ContributionStanding");

        Assert.Equal(ExitCodes.ForStatus(Grpc.Core.StatusCode.PermissionDenied), run.ExitCode);
        Assert.Contains("GRANT_NOT_MANAGED", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_without_purpose_or_case_is_refused_with_a_hint()
    {
        var employer = sandbox.Population.Employer(9).RegistryNumber;

        var noPurpose = await sandbox.RunWithAsync(
            new Dictionary<string, string?> { ["INTEROP_CALLER"] = CliSandbox.Caller, ["INTEROP_CASE"] = "WP-1" }, "employers", "get", employer);
        var noCase = await sandbox.RunWithAsync(
            new Dictionary<string, string?> { ["INTEROP_CALLER"] = CliSandbox.Caller }, "employers", "get", employer, "--purpose", "WORK_PERMIT_APPLICATION");
        var malformed = await sandbox.RunAsync("employers", "get", employer, "--case", "file 12");

        Assert.Equal(ExitCodes.ForStatus(Grpc.Core.StatusCode.PermissionDenied), noPurpose.ExitCode);
        Assert.Contains("PURPOSE_MISSING", noPurpose.Stderr, StringComparison.Ordinal);
        Assert.Contains("--purpose", noPurpose.Stderr, StringComparison.Ordinal);
        Assert.Contains("CASE_REFERENCE_MISSING", noCase.Stderr, StringComparison.Ordinal);
        Assert.Contains("--case", noCase.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, malformed.ExitCode);
        Assert.Contains("case reference", malformed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_shows_the_terms_of_each_allowed_method()
    {
        var run = await sandbox.RunAsCallerAsync("GS/border-control", "directory");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("grants/sandbox-gs-employers", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("SECURITY_VETTING", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("ContributionStanding/GetStanding", run.Stdout, StringComparison.Ordinal);
    }
}
