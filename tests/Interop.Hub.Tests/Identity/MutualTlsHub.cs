using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Interop.Pki;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Interop.Hub.Tests.Identity;

/// <summary>
/// A real hub in mutual-TLS mode on a free loopback port (Kestrel, not TestServer), with its own certificate
/// authority in a temporary directory made by the same code as <c>interop pki</c>, its server certificate and a
/// second, untrusted authority. Registered systems: MOL/permits-backoffice and GS/border-control.
/// </summary>
public sealed class MutualTlsHub : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "interop-mtls-" + Guid.NewGuid().ToString("N"));
    private Factory? _factory;

    public CertificateAuthority Authority { get; private set; } = null!;

    /// <summary>An authority the hub does not trust, with the same kind of certificates.</summary>
    public CertificateAuthority Stranger { get; private set; } = null!;

    public IssuedCertificate ServerCertificate { get; private set; } = null!;

    public LogCollector Logs { get; } = new();

    public Uri Address { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    public Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        Authority = CertificateAuthority.Create(Path.Combine(_directory, "ca"), "Interop Hub Test CA", now.AddDays(-400), now.AddYears(5));
        Stranger = CertificateAuthority.Create(Path.Combine(_directory, "stranger"), "Interop Hub Test CA", now.AddDays(-400), now.AddYears(5));
        ServerCertificate = Authority.IssueServer(["localhost"], [IPAddress.Loopback], now.AddDays(-1), now.AddDays(30));
        var (serverCertificate, serverKey) = ServerCertificate.WriteTo(Path.Combine(_directory, "hub"), "hub");

        _factory = new Factory(new Dictionary<string, string?>
        {
            ["Identity:Mode"] = "MutualTls",
            ["Identity:TrustedCaPath"] = Authority.CertificatePath,
            ["Identity:RevocationListPath"] = Authority.RevocationListPath,
            ["Identity:Systems:MOL:0"] = "permits-backoffice",
            ["Identity:Systems:GS:0"] = "border-control",
            ["Kestrel:Endpoints:Grpc:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Certificate:Path"] = serverCertificate,
            ["Kestrel:Endpoints:Grpc:Certificate:KeyPath"] = serverKey,
            ["Sandbox:Employers"] = "300",
            ["Sandbox:InsuredWorkers"] = "3000",
            ["Sandbox:Permits"] = "600",
        }, Logs);
        _factory.UseKestrel();
        _factory.StartServer();
        Address = _factory.ClientOptions.BaseAddress;
        return Task.CompletedTask;
    }

    /// <summary>A certificate for <paramref name="agency"/>/<paramref name="system"/> valid from yesterday for a month.</summary>
    public IssuedCertificate Issue(string agency = "MOL", string system = "permits-backoffice") =>
        Authority.IssueAgencySystem(agency, system, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

    /// <summary>A channel to the hub that trusts the hub's authority and presents <paramref name="clientCertificate"/> (none when null).</summary>
    public GrpcChannel Channel(X509Certificate2? clientCertificate) =>
        GrpcChannel.ForAddress(Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { SslOptions = ClientTls(clientCertificate) },
            DisposeHttpClient = true,
        });

    public SslClientAuthenticationOptions ClientTls(X509Certificate2? clientCertificate)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = Address.Host,
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            },
        };
        options.CertificateChainPolicy.CustomTrustStore.Add(Authority.Certificate);
        if (clientCertificate is not null)
        {
            options.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        return options;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        Authority.Dispose();
        Stranger.Dispose();
        ServerCertificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings, LogCollector logs) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(logs));
        }
    }
}
