using System.Net;
using System.Net.Sockets;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Interop.Contributions.V1;
using Interop.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Interop.Hub.Tests.Certificates;

/// <summary>
/// A clerk at a counter, in a real browser: Debian's headless Chromium, driven by Playwright, against the hub listening on
/// real sockets (gRPC over HTTP/2 on one port, the pages over HTTP/1.1 on another). Chromium missing is a failure.
/// </summary>
public sealed class VerificationPageBrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly int _webPort = FreePort();
    private CertificateHub _hub = null!;

    public Task InitializeAsync()
    {
        _hub = new CertificateHub(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Web:Url"] = $"http://127.0.0.1:{_webPort}",
            ["Kestrel:Endpoints:Web:Protocols"] = "Http1",
            ["Certificates:PublicBaseUrl"] = $"http://127.0.0.1:{_webPort}",
        });
        _hub.Host.UseKestrel();
        _hub.Host.StartServer();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_clerk_types_the_code_reads_the_verdict_and_switches_to_arabic()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's 'chromium' package (scripts/services.sh does).");
        var certificate = await IssueOverTheNetworkAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "en-GB", ViewportSize = new ViewportSize { Width = 900, Height = 900 } });

        await page.GotoAsync($"http://127.0.0.1:{_webPort}/verify");
        await page.FillAsync("#code", certificate.VerificationCode.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        await page.ClickAsync("#check");
        await page.WaitForSelectorAsync("#verdict");

        Assert.Equal("VALID", await page.GetAttributeAsync("#verdict", "data-verdict"));
        Assert.Equal("VALID", (await page.InnerTextAsync("#verdict")).Trim());
        Assert.Equal(certificate.LegalNameLatin, (await page.InnerTextAsync("#legal-name-latin")).Trim());
        Assert.Equal("ltr", await page.EvaluateAsync<string>("getComputedStyle(document.body).direction"));

        await page.ClickAsync("#lang-ar");
        await page.WaitForURLAsync(url => url.Contains("lang=ar", StringComparison.Ordinal));

        Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));
        Assert.Equal("rtl", await page.EvaluateAsync<string>("getComputedStyle(document.body).direction"));
        Assert.Equal("صالحة", (await page.InnerTextAsync("#verdict")).Trim());
        Assert.Equal(certificate.LegalNameAr, (await page.InnerTextAsync("#legal-name-ar")).Trim());
        // Right to left for real: the table's labels stand to the right of their values.
        var label = await page.Locator("#registry-number").Locator("xpath=../../th").BoundingBoxAsync();
        var value = await page.Locator("#registry-number").BoundingBoxAsync();
        Assert.True(label!.X > value!.X, $"label at x={label.X}, value at x={value.X}: not laid out right to left");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("verification-page-ar.png"), FullPage = true });

        await page.GotoAsync($"http://127.0.0.1:{_webPort}/certificates/print?code={certificate.VerificationCode}&lang=fr");
        Assert.True(await page.Locator(".qr img").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("certificate-fr.png"), FullPage = true });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    /// <summary>As the employer's system would: gRPC over HTTP/2 to the hub's gRPC port.</summary>
    private async Task<Certificate> IssueOverTheNetworkAsync()
    {
        var addresses = _hub.Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var grpc = addresses.Single(a => !a.EndsWith($":{_webPort}", StringComparison.Ordinal));
        using var channel = GrpcChannel.ForAddress(grpc);
        var client = new ClearanceCertificates.ClearanceCertificatesClient(channel.Intercept(headers =>
        {
            headers.Add("x-interop-caller", CertificateHub.Employer);
            headers.Add("x-interop-purpose", SandboxPurposes.Of(CertificateHub.Employer));
            headers.Add("x-interop-case", SandboxPurposes.CaseReference);
            return headers;
        }));
        return (await client.RequestCertificateAsync(CertificateHub.RequestFor(_hub.GoodEmployer()))).Certificate;
    }

    /// <summary>Screenshots kept with the test output (bin/.../artifacts), for a person to look at.</summary>
    private static string Artifact(string name)
    {
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        return Path.Combine(directory, name);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
