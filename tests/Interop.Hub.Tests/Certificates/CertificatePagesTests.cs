using System.Net;
using Interop.Contributions.V1;

namespace Interop.Hub.Tests.Certificates;

/// <summary>The public verification page and the printable certificate, over HTTP as a browser asks for them.</summary>
public sealed class CertificatePagesTests : IAsyncLifetime
{
    private readonly CertificateHub _hub = new(new Dictionary<string, string?> { ["Certificates:PageLookupsPerMinute"] = "1000" });
    private Certificate _certificate = new();

    public async Task InitializeAsync() => _certificate = await _hub.IssueAsync(_hub.GoodEmployer());

    [Fact]
    public async Task The_verification_page_shows_the_verdict_and_only_the_essentials()
    {
        var html = await GetAsync($"/verify?code={_certificate.VerificationCode.ToLowerInvariant()}&lang=en");

        Assert.Contains("""data-verdict="VALID">VALID<""", html, StringComparison.Ordinal);
        Assert.Contains(_certificate.LegalNameLatin, html, StringComparison.Ordinal);
        Assert.Contains(_certificate.LegalNameAr, html, StringComparison.Ordinal);
        Assert.Contains(_certificate.RegistryNumber, html, StringComparison.Ordinal);
        Assert.Contains("Public procurement", html, StringComparison.Ordinal);
        Assert.DoesNotContain(_certificate.SocialSecurityNumber, html, StringComparison.Ordinal);
        Assert.DoesNotContain(_certificate.RequestedBy, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reader_chooses_arabic_right_to_left_french_or_english()
    {
        var arabic = await GetAsync($"/verify?code={_certificate.VerificationCode}&lang=ar");
        Assert.Contains("""<html lang="ar" dir="rtl">""", arabic, StringComparison.Ordinal);
        Assert.Contains("صالحة", arabic, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/verify?code={_certificate.VerificationCode}");
        request.Headers.AcceptLanguage.ParseAdd("fr-DZ, ar;q=0.8");
        var french = await (await _hub.Host.CreateClient().SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("""<html lang="fr" dir="ltr">""", french, StringComparison.Ordinal);
        Assert.Contains("VALIDE", french, StringComparison.Ordinal);
        Assert.Contains($"""href="/verify?code={_certificate.VerificationCode}&amp;lang=ar""", french, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_mistyped_revoked_and_tampered_are_told_apart()
    {
        Assert.Contains("""data-verdict="UNKNOWN">""", await GetAsync($"/verify?code={Interop.Certificates.VerificationCode.Generate()}"), StringComparison.Ordinal);
        Assert.Contains("""data-verdict="MISTYPED">""", await GetAsync("/verify?code=1234-5678"), StringComparison.Ordinal);

        var qrLink = $"/verify?code={_certificate.VerificationCode}&token={Uri.EscapeDataString(_certificate.Token)}";
        Assert.Contains("""data-verdict="VALID">""", await GetAsync(qrLink), StringComparison.Ordinal);
        var otherCode = $"/verify?code={Interop.Certificates.VerificationCode.Generate()}&token={Uri.EscapeDataString(_certificate.Token)}";
        Assert.Contains("""data-verdict="TAMPERED">""", await GetAsync(otherCode), StringComparison.Ordinal);
        Assert.Contains("""data-verdict="TAMPERED">""", await GetAsync($"/verify?token={Uri.EscapeDataString(_certificate.Token[..^4])}AAAA"), StringComparison.Ordinal);

        await _hub.Client(CertificateHub.Fund).RevokeCertificateAsync(new RevokeCertificateRequest { Name = _certificate.Name, Reason = "issued <b>in error</b>" });
        var revoked = await GetAsync($"/verify?code={_certificate.VerificationCode}");
        Assert.Contains("""data-verdict="REVOKED">""", revoked, StringComparison.Ordinal);
        Assert.Contains("issued &lt;b&gt;in error&lt;/b&gt;", revoked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whatever_is_typed_comes_back_encoded()
    {
        var html = await GetAsync("/verify?code=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&lang=%22%3E%3Cscript%3E");

        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_printable_certificate_carries_the_fields_the_code_and_a_qr_code()
    {
        using var response = await _hub.Host.CreateClient().GetAsync($"/certificates/print?code={_certificate.VerificationCode}&lang=fr");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Attestation de mise à jour", html, StringComparison.Ordinal);
        Assert.Contains(_certificate.VerificationCode, html, StringComparison.Ordinal);
        Assert.Contains(_certificate.SocialSecurityNumber, html, StringComparison.Ordinal);
        Assert.Contains(_certificate.LegalNameAr, html, StringComparison.Ordinal);
        Assert.Contains("<img alt=\"QR\" src=\"data:image/png;base64,iVBOR", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        using var unknown = await _hub.Host.CreateClient().GetAsync($"/certificates/print?code={Interop.Certificates.VerificationCode.Generate()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_issuer_keys_are_published_as_a_jwks()
    {
        using var response = await _hub.Host.CreateClient().GetAsync("/.well-known/jwks.json");

        Assert.Equal("application/jwk-set+json", response.Content.Headers.ContentType?.MediaType);
        var key = Assert.Single(Interop.Certificates.IssuerJwks.Parse(await response.Content.ReadAsStringAsync()));
        Assert.Equal(_certificate.SigningKeyId, key.KeyId);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<string> GetAsync(string path)
    {
        using var response = await _hub.Host.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }
}

/// <summary>Lookups on the public page are limited per client address; the empty form is not.</summary>
public sealed class CertificatePageRateLimitTests
{
    [Fact]
    public async Task Lookups_past_the_limit_are_answered_429_with_retry_after()
    {
        await using var hub = new CertificateHub(new Dictionary<string, string?> { ["Certificates:PageLookupsPerMinute"] = "3" });
        var client = hub.Host.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/verify?code={Interop.Certificates.VerificationCode.Generate()}")).StatusCode);
        }

        using var refused = await client.GetAsync($"/verify?code={Interop.Certificates.VerificationCode.Generate()}&lang=ar");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
        Assert.Contains("""dir="rtl">""", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/verify")).StatusCode);
    }

    [Fact]
    public async Task Behind_a_configured_proxy_each_forwarded_client_has_its_own_limit()
    {
        await using var hub = new CertificateHub(new Dictionary<string, string?>
        {
            ["Certificates:PageLookupsPerMinute"] = "2",
            ["Web:ForwardedHeaders:KnownProxies:0"] = "10.0.0.5",
        });

        Assert.Equal(HttpStatusCode.OK, await LookupThroughAsync(hub, "10.0.0.5", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await LookupThroughAsync(hub, "10.0.0.5", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await LookupThroughAsync(hub, "10.0.0.5", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await LookupThroughAsync(hub, "10.0.0.5", "198.51.100.20"));
        // A peer that is not a known proxy is limited by its own address, whatever it claims to forward.
        Assert.Equal(HttpStatusCode.OK, await LookupThroughAsync(hub, "192.0.2.99", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await LookupThroughAsync(hub, "192.0.2.99", "198.51.100.21"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await LookupThroughAsync(hub, "192.0.2.99", "198.51.100.22"));
    }

    [Fact]
    public async Task Without_configured_proxies_forwarded_addresses_are_ignored()
    {
        await using var hub = new CertificateHub(new Dictionary<string, string?> { ["Certificates:PageLookupsPerMinute"] = "2" });

        Assert.Equal(HttpStatusCode.OK, await LookupThroughAsync(hub, "10.0.0.5", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await LookupThroughAsync(hub, "10.0.0.5", "198.51.100.20"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await LookupThroughAsync(hub, "10.0.0.5", "198.51.100.21"));
    }

    [Fact]
    public async Task A_proxy_setting_that_does_not_parse_stops_the_hub_naming_it()
    {
        await using var hub = new CertificateHub(new Dictionary<string, string?> { ["Web:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/33" });

        var error = Assert.ThrowsAny<Exception>(() => hub.Host.Server);

        Assert.Contains("Web:ForwardedHeaders:KnownNetworks:0 '10.0.0.0/33' is not a network", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A lookup arriving from <paramref name="peer"/>, which says it forwards it for <paramref name="client"/>.</summary>
    private static async Task<HttpStatusCode> LookupThroughAsync(CertificateHub hub, string peer, string client)
    {
        var context = await hub.Host.Server.SendAsync(http =>
        {
            http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(peer);
            http.Request.Method = "GET";
            http.Request.Path = "/verify";
            http.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString($"?code={Interop.Certificates.VerificationCode.Generate()}");
            http.Request.Headers["X-Forwarded-For"] = client;
        });
        return (HttpStatusCode)context.Response.StatusCode;
    }

    [Fact]
    public async Task Code_lookups_through_grpc_are_limited_per_calling_system()
    {
        await using var hub = new CertificateHub(new Dictionary<string, string?> { ["Certificates:CodeLookupsPerMinute"] = "2" });
        for (var i = 0; i < 2; i++)
        {
            await hub.VerdictByCodeAsync(Interop.Certificates.VerificationCode.Generate());
        }

        var status = await RpcAssert.FailsWith(Grpc.Core.StatusCode.ResourceExhausted, Hub.Certificates.CertificateErrors.LookupsExhausted, () =>
            hub.VerdictByCodeAsync(Interop.Certificates.VerificationCode.Generate()));

        Assert.NotNull(status.GetDetail<Google.Rpc.RetryInfo>());
        Assert.Equal(VerificationVerdict.Unknown, await hub.VerdictByCodeAsync(Interop.Certificates.VerificationCode.Generate(), CertificateHub.Fund));
    }
}
