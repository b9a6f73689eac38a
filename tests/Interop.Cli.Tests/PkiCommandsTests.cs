using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Interop.Cli.Tests;

/// <summary>
/// <c>interop pki</c> from the operator's and the agency's side, and the CLI calling a mutual-TLS hub with the
/// certificates it made: <c>--cert</c>, <c>--key</c>, <c>--cacert</c> or their environment variables.
/// </summary>
public sealed class PkiCommandsTests(MutualTlsCliHub hub) : IClassFixture<MutualTlsCliHub>
{
    [Fact]
    public async Task An_agency_csr_issued_by_the_operator_lets_the_cli_call_the_hub_as_that_system()
    {
        var agency = Path.Combine(hub.Root, "agency-csr");
        await MutualTlsCliHub.RunAsync("pki", "csr", "--agency", "MOL", "--system", "permits-backoffice", "--out", agency);
        var issue = await MutualTlsCliHub.RunAsync("pki", "issue", "--ca", hub.CaDirectory, "--csr", Path.Combine(agency, "MOL-permits-backoffice.csr"));

        Assert.Contains("Issued MOL/permits-backoffice serial ", issue.Stdout, StringComparison.Ordinal);
        using (var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(agency, "MOL-permits-backoffice.crt")))
        {
            Assert.Equal("CN=permits-backoffice, O=MOL", certificate.Subject);
        }

        var run = await MutualTlsCliHub.RunWithAsync(
            new Dictionary<string, string?> { ["INTEROP_CALLER"] = "GS/border-control" },
            "directory",
            "--address", hub.Address.ToString(),
            "--cert", Path.Combine(agency, "MOL-permits-backoffice.crt"),
            "--key", Path.Combine(agency, "MOL-permits-backoffice.key"),
            "--cacert", Path.Combine(hub.CaDirectory, "ca.crt"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.Stderr);
        Assert.Contains("You are MOL/permits-backoffice", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_certificate_is_listed_as_revoked_and_no_longer_reaches_the_hub()
    {
        var agency = Path.Combine(hub.Root, "agency-revoked");
        var issue = await MutualTlsCliHub.RunAsync(
            "pki", "issue", "--ca", hub.CaDirectory, "--agency", "MOL", "--system", "permits-backoffice", "--out", agency, "--days", "30");
        var serial = issue.Stdout.Split(' ')[3];
        var environment = new Dictionary<string, string?>
        {
            ["INTEROP_ADDRESS"] = hub.Address.ToString(),
            ["INTEROP_CERT"] = Path.Combine(agency, "MOL-permits-backoffice.crt"),
            ["INTEROP_KEY"] = Path.Combine(agency, "MOL-permits-backoffice.key"),
            ["INTEROP_CACERT"] = Path.Combine(hub.CaDirectory, "ca.crt"),
        };
        Assert.Equal(ExitCodes.Success, (await MutualTlsCliHub.RunWithAsync(environment, "directory")).ExitCode);

        var revoke = await MutualTlsCliHub.RunAsync("pki", "revoke", "--ca", hub.CaDirectory, "--serial", serial.ToLowerInvariant());
        Assert.StartsWith($"Revoked {serial}", revoke.Stdout, StringComparison.Ordinal);
        var again = await MutualTlsCliHub.RunAsync("pki", "revoke", "--ca", hub.CaDirectory, "--serial", serial);
        Assert.Contains("already revoked", again.Stdout, StringComparison.Ordinal);

        var list = await MutualTlsCliHub.RunAsync("pki", "list", "--ca", hub.CaDirectory, "--json");
        var entry = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Single(e => e.GetProperty("serial").GetString() == serial);
        Assert.Equal("Revoked", entry.GetProperty("status").GetString());
        Assert.Equal("MOL", entry.GetProperty("agency").GetString());

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        CliRun refused;
        do
        {
            refused = await MutualTlsCliHub.RunWithAsync(environment, "directory");
        }
        while (refused.ExitCode == ExitCodes.Success && DateTime.UtcNow < deadline);

        // Refused at the handshake of its new connection (a TLS failure, which gRPC reports as UNAVAILABLE or INTERNAL
        // depending on when the alert reaches it), or at its call when the hub re-read the list in between.
        var refusals = new[] { Grpc.Core.StatusCode.Unavailable, Grpc.Core.StatusCode.Internal, Grpc.Core.StatusCode.Unauthenticated };
        Assert.Contains(refused.ExitCode, refusals.Select(ExitCodes.ForStatus));
        Assert.Empty(refused.Stdout);
    }

    [Fact]
    public async Task List_shows_every_issued_certificate_with_its_status()
    {
        await MutualTlsCliHub.RunAsync(
            "pki", "issue", "--ca", hub.CaDirectory, "--agency", "SSF", "--system", "recouvrement", "--out", Path.Combine(hub.Root, "ssf"));

        var list = await MutualTlsCliHub.RunAsync("pki", "list", "--ca", hub.CaDirectory);

        Assert.Contains("Issued by CN=Interop Hub CA", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("recouvrement", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("server: localhost, 127.0.0.1", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("Valid", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_certificate_the_mutual_tls_hub_answers_unauthenticated()
    {
        var run = await MutualTlsCliHub.RunWithAsync(
            new Dictionary<string, string?>(),
            "directory", "--address", hub.Address.ToString(), "--cacert", Path.Combine(hub.CaDirectory, "ca.crt"));

        Assert.Equal(ExitCodes.ForStatus(Grpc.Core.StatusCode.Unauthenticated), run.ExitCode);
        Assert.Contains("reason: CLIENT_CERTIFICATE_MISSING", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pki", "issue", "--ca", "{ca}", "--agency", "MOL", "--system", "permits-backoffice")]
    [InlineData("pki", "issue", "--ca", "{ca}", "--agency", "mol", "--system", "permits-backoffice", "--out", "{root}/x")]
    [InlineData("pki", "revoke", "--ca", "{ca}", "--serial", "0A0B0C")]
    [InlineData("pki", "revoke", "--ca", "{ca}", "--serial", "not-hex")]
    [InlineData("pki", "ca", "create", "--out", "{ca}")]
    public async Task Operator_mistakes_are_usage_errors(params string[] args)
    {
        var run = await MutualTlsCliHub.RunWithAsync(
            new Dictionary<string, string?>(),
            [.. args.Select(a => a.Replace("{ca}", hub.CaDirectory, StringComparison.Ordinal).Replace("{root}", hub.Root, StringComparison.Ordinal))]);

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_given_next_to_a_certificate_is_a_usage_error()
    {
        var run = await MutualTlsCliHub.RunWithAsync(
            new Dictionary<string, string?>(),
            "directory", "--address", hub.Address.ToString(), "--caller", "MOL/permits-backoffice",
            "--cert", Path.Combine(hub.Root, "hub", "hub.crt"), "--key", Path.Combine(hub.Root, "hub", "hub.key"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("do not also set the caller", run.Stderr, StringComparison.Ordinal);
    }
}
