using Interop.Certificates;
using Interop.Contributions.V1;
using Interop.Hub.V1;
using Interop.Testing;
using Directory = Interop.Hub.V1.Directory;

namespace Interop.Hub.Tests.Certificates;

/// <summary>
/// The register in the hub's real PostgreSQL database: certificates and revocations outlive the hub, and a key rotation
/// leaves what the retired key signed verifiable until it expires.
/// </summary>
public sealed class CertificateRegisterTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IDisposable
{
    private readonly string _keys = System.IO.Directory.CreateTempSubdirectory("interop-issuer-keys-").FullName;

    [Fact]
    public async Task Certificates_and_revocations_outlive_the_hub_and_a_key_rotation()
    {
        var first = TestKeys.WriteP256Pem(_keys, "ssf-2026-a");
        var second = TestKeys.WriteP256Pem(_keys, "ssf-2026-b");

        Certificate kept;
        Certificate revoked;
        await using (var before = Hub(("ssf-2026-a", first, "Active")))
        {
            kept = await before.IssueAsync(before.GoodEmployer());
            revoked = await before.IssueAsync(before.GoodEmployer(skip: 1));
            await before.Client(CertificateHub.Fund).RevokeCertificateAsync(new RevokeCertificateRequest { Name = revoked.Name, Reason = "company struck off" });
            Assert.Equal("ssf-2026-a", kept.SigningKeyId);
        }

        await using var after = Hub(("ssf-2026-b", second, "Active"), ("ssf-2026-a", first, "Retired"));

        Assert.Equal(VerificationVerdict.Valid, await after.VerdictByCodeAsync(kept.VerificationCode));
        Assert.Equal(VerificationVerdict.Valid, (await after.VerifyTokenAsync(kept.Token)).Verdict);
        Assert.Equal(VerificationVerdict.Revoked, await after.VerdictByCodeAsync(revoked.VerificationCode));
        var fresh = await after.IssueAsync(after.GoodEmployer());
        Assert.Equal("ssf-2026-b", fresh.SigningKeyId);

        var keys = await new Directory.DirectoryClient(after.Host.Invoker(CertificateHub.Ministry)).ListIssuerKeysAsync(new ListIssuerKeysRequest());
        Assert.Equal(
            [("ssf-2026-b", IssuerKeyState.Active), ("ssf-2026-a", IssuerKeyState.Retired)],
            keys.Keys.Select(k => (k.KeyId, k.State)));
        var published = IssuerJwks.Parse(await after.Host.CreateClient().GetStringAsync("/.well-known/jwks.json"));
        Assert.Equal(["ssf-2026-b", "ssf-2026-a"], published.Select(k => k.KeyId));
        Assert.DoesNotContain("\"d\"", keys.Jwks, StringComparison.Ordinal);

        // Past its validity the certificate the retired key signed is EXPIRED, still genuine, never TAMPERED.
        after.Clock.Advance(TimeSpan.FromDays(91));
        Assert.Equal(VerificationVerdict.Expired, (await after.VerifyTokenAsync(kept.Token)).Verdict);
    }

    [Fact]
    public async Task A_token_signed_with_a_key_the_hub_never_published_is_tampered()
    {
        var ours = TestKeys.WriteP256Pem(_keys, "ours");
        var stranger = TestKeys.WriteP256Pem(_keys, "stranger");
        Certificate forged;
        await using (var elsewhere = Hub(("ssf-2026-a", stranger, "Active")))
        {
            forged = await elsewhere.IssueAsync(elsewhere.GoodEmployer(skip: 2));
        }

        await using var hub = Hub(("ssf-2026-a", ours, "Active"));

        Assert.Equal(VerificationVerdict.Tampered, (await hub.VerifyTokenAsync(forged.Token)).Verdict);
    }

    [Fact]
    public async Task A_retry_after_the_hub_restarted_returns_the_certificate_already_issued()
    {
        var key = TestKeys.WriteP256Pem(_keys, "retry");
        Certificate first;
        RequestCertificateRequest request;
        await using (var before = Hub(("retry", key, "Active")))
        {
            request = CertificateHub.RequestFor(before.GoodEmployer(skip: 3));
            first = (await before.Client().RequestCertificateAsync(request)).Certificate;
        }

        await using var after = Hub(("retry", key, "Active"));

        Assert.Equal(first, (await after.Client().RequestCertificateAsync(request)).Certificate);
    }

    public void Dispose() => System.IO.Directory.Delete(_keys, recursive: true);

    private CertificateHub Hub(params (string KeyId, string Path, string Status)[] keys)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ExchangeLog:ConnectionString"] = database.ConnectionString,
            ["ExchangeLog:FlushInterval"] = "00:00:00.010",
        };
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"Certificates:Keys:{i}:KeyId"] = keys[i].KeyId;
            settings[$"Certificates:Keys:{i}:PemPath"] = keys[i].Path;
            settings[$"Certificates:Keys:{i}:Status"] = keys[i].Status;
        }

        return new CertificateHub(settings);
    }
}
