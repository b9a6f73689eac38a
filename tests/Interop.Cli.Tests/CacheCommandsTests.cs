using System.Text.Json;

namespace Interop.Cli.Tests;

/// <summary><c>interop cache purge</c> against the sandbox (no Redis: the instance that answered purges alone).</summary>
public sealed class CacheCommandsTests(CliSandbox sandbox) : IClassFixture<CliSandbox>
{
    [Fact]
    public async Task The_agency_purges_its_cached_answers_and_another_agency_may_not()
    {
        var purged = await sandbox.RunAsCallerAsync("CR/registry-office", "cache", "purge", "CR", "--reason", "restored from backup");
        var json = await sandbox.RunAsCallerAsync("HUB/operations", "cache", "purge", "agencies/SSF", "--reason", "restored from backup", "--json");
        var refused = await sandbox.RunAsync("cache", "purge", "CR", "--reason", "restored from backup");
        var noReason = await sandbox.RunAsCallerAsync("CR/registry-office", "cache", "purge", "CR");

        Assert.Equal(ExitCodes.Success, purged.ExitCode);
        Assert.StartsWith("Cached answers of agencies/CR purged at ", purged.Stdout, StringComparison.Ordinal);
        Assert.Contains("the hub runs without a shared cache, so only the instance that answered has dropped them.", purged.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, json.ExitCode);
        using (var document = JsonDocument.Parse(json.Stdout))
        {
            Assert.Equal("PURGE_SCOPE_THIS_INSTANCE", document.RootElement.GetProperty("scope").GetString());
        }

        Assert.Equal(ExitCodes.ForStatus(Grpc.Core.StatusCode.PermissionDenied), refused.ExitCode);
        Assert.Contains("CACHE_PURGE_NOT_ALLOWED", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, noReason.ExitCode);
    }
}
