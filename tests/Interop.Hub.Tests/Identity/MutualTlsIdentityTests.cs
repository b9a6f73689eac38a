using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Interop.Hub.Errors;
using Interop.Hub.Identity;
using Interop.Hub.V1;
using Interop.Pki;
using DirectoryClient = Interop.Hub.V1.Directory.DirectoryClient;

namespace Interop.Hub.Tests.Identity;

/// <summary>
/// The hub in mutual-TLS mode over real TLS: a good agency certificate gets its answer; every bad one is refused
/// with a clear status or at the handshake, is logged, and never receives a response message or a single byte of HTTP/2.
/// </summary>
public sealed class MutualTlsIdentityTests(MutualTlsHub hub) : IClassFixture<MutualTlsHub>
{
    private const int HandshakeRefusedEvent = 4111;
    private const int CallRefusedEvent = 4120;

    [Fact]
    public async Task A_certificate_from_the_hub_authority_identifies_the_agency_system()
    {
        using var certificate = hub.Issue("MOL", "permits-backoffice");
        using var channel = hub.Channel(certificate.Certificate);

        var access = await new DirectoryClient(channel).GetCallerAccessAsync(new GetCallerAccessRequest());

        Assert.Equal("MOL", access.AgencyCode);
        Assert.Equal("permits-backoffice", access.System);
        Assert.NotEmpty(access.AllowedMethods);
        Assert.True(await BytesAnsweredAsync(certificate.Certificate) > 0, "The control connection got no HTTP/2 settings.");
    }

    [Fact]
    public async Task A_certificate_issued_from_an_agency_csr_is_accepted()
    {
        var request = CertificateAuthority.CreateSigningRequest("GS", "border-control");
        using var issued = hub.Authority.IssueAgencySystem(
            request.RequestPem, null, null, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportFromPem(request.PrivateKeyPem);
        using var certificate = issued.CopyWithPrivateKey(key);
        using var channel = hub.Channel(certificate);

        var access = await new DirectoryClient(channel).GetCallerAccessAsync(new GetCallerAccessRequest());

        Assert.Equal("GS", access.AgencyCode);
        Assert.Equal("border-control", access.System);
    }

    [Fact]
    public async Task Without_a_certificate_every_call_is_unauthenticated()
    {
        using var channel = hub.Channel(clientCertificate: null);

        await AssertRefusedAsync(channel, StatusCode.Unauthenticated, IdentityErrorReasons.ClientCertificateMissing);
        await hub.Logs.WaitForAsync(CallRefusedEvent, IdentityErrorReasons.ClientCertificateMissing);
    }

    [Fact]
    public async Task A_certificate_from_an_untrusted_authority_is_refused_at_the_handshake()
    {
        using var certificate = hub.Stranger.IssueAgencySystem(
            "MOL", "permits-backoffice", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        await AssertRefusedAtHandshakeAsync(certificate.Certificate, CertificateRejection.UntrustedAuthority);
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_at_the_handshake()
    {
        using var certificate = hub.Authority.IssueAgencySystem(
            "MOL", "permits-backoffice", DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(-1));

        await AssertRefusedAtHandshakeAsync(certificate.Certificate, CertificateRejection.Expired);
    }

    [Fact]
    public async Task A_certificate_not_yet_valid_is_refused_at_the_handshake()
    {
        using var certificate = hub.Authority.IssueAgencySystem(
            "MOL", "permits-backoffice", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(30));

        await AssertRefusedAtHandshakeAsync(certificate.Certificate, CertificateRejection.NotYetValid);
    }

    [Fact]
    public async Task A_revoked_certificate_is_refused_at_the_handshake_within_a_second_or_two()
    {
        using var certificate = hub.Issue();
        Assert.True(hub.Authority.Revoke(certificate.Serial, DateTimeOffset.UtcNow));

        await WaitUntilRefusedAsync(certificate.Certificate);
        await AssertRefusedAtHandshakeAsync(certificate.Certificate, CertificateRejection.Revoked);
    }

    [Fact]
    public async Task A_certificate_revoked_while_connected_is_refused_from_its_next_call()
    {
        using var certificate = hub.Issue("GS", "border-control");
        using var channel = hub.Channel(certificate.Certificate);
        var directory = new DirectoryClient(channel);
        await directory.GetCallerAccessAsync(new GetCallerAccessRequest());

        hub.Authority.Revoke(certificate.Serial, DateTimeOffset.UtcNow);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        RpcException? refusal = null;
        while (refusal is null && DateTime.UtcNow < deadline)
        {
            try
            {
                await directory.GetCallerAccessAsync(new GetCallerAccessRequest());
                await Task.Delay(100);
            }
            catch (RpcException exception)
            {
                refusal = exception;
            }
        }

        Assert.NotNull(refusal);
        Assert.Equal(StatusCode.Unauthenticated, refusal.StatusCode);
        Assert.Equal(IdentityErrorReasons.ClientCertificateRevoked, refusal.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason);
    }

    [Fact]
    public async Task The_hub_server_certificate_is_not_a_client_certificate()
    {
        await AssertRefusedAtHandshakeAsync(hub.ServerCertificate.Certificate, CertificateRejection.NotForClientAuthentication);
    }

    [Fact]
    public async Task An_agency_unknown_to_the_hub_is_denied()
    {
        using var certificate = hub.Issue("XYZ", "permits-backoffice");
        using var channel = hub.Channel(certificate.Certificate);

        await AssertRefusedAsync(channel, StatusCode.PermissionDenied, ErrorReasons.CallerAgencyUnknown);
        await hub.Logs.WaitForAsync(CallRefusedEvent, ErrorReasons.CallerAgencyUnknown);
    }

    [Fact]
    public async Task A_system_not_registered_for_its_agency_is_denied()
    {
        using var certificate = hub.Issue("MOL", "payroll");
        using var channel = hub.Channel(certificate.Certificate);

        await AssertRefusedAsync(channel, StatusCode.PermissionDenied, IdentityErrorReasons.CallerSystemUnknown);
        await hub.Logs.WaitForAsync(CallRefusedEvent, IdentityErrorReasons.CallerSystemUnknown);
    }

    [Fact]
    public async Task The_header_identity_is_refused_without_a_certificate()
    {
        using var channel = hub.Channel(clientCertificate: null);

        await AssertRefusedAsync(channel, StatusCode.Unauthenticated, IdentityErrorReasons.CallerHeaderRefused, "MOL/permits-backoffice");
    }

    [Fact]
    public async Task The_header_identity_is_refused_even_next_to_a_good_certificate()
    {
        using var certificate = hub.Issue();
        using var channel = hub.Channel(certificate.Certificate);

        await AssertRefusedAsync(channel, StatusCode.Unauthenticated, IdentityErrorReasons.CallerHeaderRefused, "GS/border-control");
    }

    /// <summary>Both calls of the directory are refused, and neither delivers a response message.</summary>
    private static async Task AssertRefusedAsync(GrpcChannel channel, StatusCode status, string reason, string? headerCaller = null)
    {
        var headers = headerCaller is null ? null : new Metadata { { "x-interop-caller", headerCaller } };
        var directory = new DirectoryClient(channel);
        await RpcAssert.FailsWith(status, reason, () => directory.GetCallerAccessAsync(new GetCallerAccessRequest(), headers).ResponseAsync);
        await RpcAssert.FailsWith(status, reason, () => directory.ListAgenciesAsync(new ListAgenciesRequest(), headers).ResponseAsync);
    }

    private async Task AssertRefusedAtHandshakeAsync(X509Certificate2 certificate, CertificateRejection rejection)
    {
        using var channel = hub.Channel(certificate);
        var directory = new DirectoryClient(channel);
        using var call = directory.GetCallerAccessAsync(new GetCallerAccessRequest());

        var exception = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        // A TLS failure: UNAVAILABLE, or INTERNAL when TLS 1.3's late alert reaches the client after it sent the request.
        Assert.Contains(exception.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
        await Assert.ThrowsAsync<RpcException>(() => call.ResponseHeadersAsync);
        Assert.Equal(0, await BytesAnsweredAsync(certificate));
        await hub.Logs.WaitForAsync(HandshakeRefusedEvent, $"rejected: {rejection}");
    }

    private async Task WaitUntilRefusedAsync(X509Certificate2 certificate)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (await BytesAnsweredAsync(certificate) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The revoked certificate was still accepted after 5 s.");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Opens a raw TLS connection with <paramref name="certificate"/>, sends the HTTP/2 preface and counts what the
    /// hub answers: its SETTINGS frame for an accepted certificate, nothing at all for a refused one.
    /// </summary>
    private async Task<int> BytesAnsweredAsync(X509Certificate2 certificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(hub.Address.Host, hub.Address.Port);
        await using var tls = new SslStream(tcp.GetStream());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await tls.AuthenticateAsClientAsync(hub.ClientTls(certificate), timeout.Token);
            byte[] preface = [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, 0, 0, 0, 4, 0, 0, 0, 0, 0];
            await tls.WriteAsync(preface, timeout.Token);
            var buffer = new byte[4096];
            return await tls.ReadAsync(buffer, timeout.Token);
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException)
        {
            return 0;
        }
    }
}
