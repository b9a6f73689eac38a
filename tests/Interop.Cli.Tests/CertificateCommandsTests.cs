using Google.Protobuf;
using Interop.Contributions.V1;
using Interop.Seeding;

namespace Interop.Cli.Tests;

public sealed class CertificateCommandsTests(CliSandbox sandbox) : IClassFixture<CliSandbox>, IDisposable
{
    private const string Fund = "SSF/clearance-desk";

    private readonly string _directory = Directory.CreateTempSubdirectory("interop-cli-certificates-").FullName;

    [Fact]
    public async Task Request_get_list_verify_and_revoke_a_certificate()
    {
        var employer = GoodEmployer(0);

        var requested = await sandbox.RunAsCallerAsync(
            Fund, "certificates", "request", employer.RegistryNumber, "--for", "PUBLIC_PROCUREMENT", "--requested-by", "Amina Haddad", "--json");
        Assert.Equal(ExitCodes.Success, requested.ExitCode);
        var certificate = JsonParser.Default.Parse<RequestCertificateResponse>(requested.Stdout).Certificate;

        var got = await sandbox.RunAsync("certificates", "get", certificate.Name["certificates/".Length..]);
        Assert.Equal(ExitCodes.Success, got.ExitCode);
        Assert.Contains(certificate.VerificationCode, got.Stdout, StringComparison.Ordinal);
        Assert.Contains(employer.LegalNameLatin, got.Stdout, StringComparison.Ordinal);

        var listed = await sandbox.RunAsync("certificates", "list", employer.RegistryNumber);
        Assert.Contains(certificate.Name, listed.Stdout, StringComparison.Ordinal);

        var verified = await sandbox.RunAsync("certificates", "verify", certificate.VerificationCode.ToLowerInvariant());
        Assert.Equal(ExitCodes.Success, verified.ExitCode);
        Assert.StartsWith("VALID", verified.Stdout, StringComparison.Ordinal);

        var refused = await sandbox.RunAsync("certificates", "revoke", certificate.Name, "--reason", "issued in error");
        Assert.Equal(ExitCodes.ForStatus(Grpc.Core.StatusCode.PermissionDenied), refused.ExitCode);
        var revoked = await sandbox.RunAsCallerAsync(Fund, "certificates", "revoke", certificate.Name, "--reason", "issued in error");
        Assert.Equal(ExitCodes.Success, revoked.ExitCode);
        Assert.Contains("issued in error", revoked.Stdout, StringComparison.Ordinal);

        var afterRevocation = await sandbox.RunAsync("certificates", "verify", "--token", certificate.Token);
        Assert.Equal(ExitCodes.VerificationFailed, afterRevocation.ExitCode);
        Assert.StartsWith("REVOKED", afterRevocation.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_lists_every_unmet_condition()
    {
        var employer = sandbox.Population.Employers().First(e => e is { Lifecycle: EmployerLifecycle.Active, Contributions: ContributionBehaviour.Arrears });

        var run = await sandbox.RunAsCallerAsync(
            Fund, "certificates", "request", employer.RegistryNumber, "--for", "WORK_PERMIT_APPLICATION", "--requested-by", "portal");

        Assert.Equal(ExitCodes.ForStatus(Grpc.Core.StatusCode.FailedPrecondition), run.ExitCode);
        Assert.Contains("CONTRIBUTIONS_UNPAID", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_offline_checks_the_token_with_the_saved_keys_and_no_network()
    {
        var jwks = Path.Combine(_directory, "ssf.jwks");
        Assert.Equal(ExitCodes.Success, (await sandbox.RunAsync("certificates", "keys", "--out", jwks)).ExitCode);
        var requested = await sandbox.RunAsCallerAsync(
            Fund, "certificates", "request", GoodEmployer(1).RegistryNumber, "--for", "COMPANY_CLOSURE", "--requested-by", "notary", "--json");
        var certificate = JsonParser.Default.Parse<RequestCertificateResponse>(requested.Stdout).Certificate;
        var tokenFile = Path.Combine(_directory, "certificate.jwt");
        await File.WriteAllTextAsync(tokenFile, certificate.Token);

        var valid = await OfflineAsync("certificates", "verify", "--offline", $"@{tokenFile}", "--keys", jwks);
        Assert.Equal(ExitCodes.Success, valid.ExitCode);
        Assert.StartsWith("VALID", valid.Stdout, StringComparison.Ordinal);
        Assert.Contains(certificate.VerificationCode, valid.Stdout, StringComparison.Ordinal);

        var parts = certificate.Token.Split('.');
        var changed = parts[1][..10] + (parts[1][10] == 'x' ? 'y' : 'x') + parts[1][11..];
        var tampered = await OfflineAsync("certificates", "verify", "--offline", $"{parts[0]}.{changed}.{parts[2]}", "--keys", jwks, "--json");
        Assert.Equal(ExitCodes.VerificationFailed, tampered.ExitCode);
        Assert.Equal(VerificationVerdict.Tampered, JsonParser.Default.Parse<VerifyCertificateResponse>(tampered.Stdout).Verdict);

        var withoutKeys = await OfflineAsync("certificates", "verify", "--offline", certificate.Token);
        Assert.Equal(ExitCodes.Usage, withoutKeys.ExitCode);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private EmployerProfile GoodEmployer(int skip)
    {
        var established = CliSandbox.Seed.ReferenceDate.AddYears(-3);
        return sandbox.Population.Employers()
            .Where(e => e is { Lifecycle: EmployerLifecycle.Active, Contributions: ContributionBehaviour.Good } && e.RegistrationDate < established)
            .Skip(skip)
            .First();
    }

    /// <summary>The CLI with no hub anywhere: an address nothing listens on, and a handler that fails the test if used.</summary>
    private static async Task<CliRun> OfflineAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var handler = new NoNetwork();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, handler, name => name == "INTEROP_ADDRESS" ? "http://127.0.0.1:1" : null);
        Assert.Equal(0, handler.Calls);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    private sealed class NoNetwork : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            throw new InvalidOperationException("offline verification made a network call");
        }
    }
}
