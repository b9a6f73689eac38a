using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Interop.Pki;

namespace Interop.Hub.Tests.Identity;

/// <summary>The certificate authority behind <c>interop pki</c>, and the revocation list reader the hub relies on.</summary>
public sealed class CertificateAuthorityTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "interop-ca-" + Guid.NewGuid().ToString("N"));
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    [Fact]
    public void Agency_certificates_name_the_agency_as_O_and_the_system_as_CN()
    {
        using var authority = Create("ca");
        using var issued = authority.IssueAgencySystem("MOL", "permits-backoffice", _now, _now.AddDays(30));

        Assert.Equal("CN=permits-backoffice, O=MOL", issued.Certificate.Subject);
        Assert.True(AgencySubject.TryRead(issued.Certificate.SubjectName, out var agency, out var system));
        Assert.Equal(("MOL", "permits-backoffice"), (agency, system));
        Assert.True(issued.Certificate.HasPrivateKey);
    }

    [Theory]
    [InlineData("CN=permits-backoffice")]
    [InlineData("O=MOL")]
    [InlineData("CN=permits-backoffice, O=MOL, O=GS")]
    [InlineData("CN=Permits Backoffice, O=MOL")]
    [InlineData("CN=permits-backoffice, O=mol")]
    public void A_subject_that_does_not_name_exactly_one_agency_and_system_is_not_an_identity(string subject)
    {
        Assert.False(AgencySubject.TryRead(new X500DistinguishedName(subject), out _, out _));
    }

    [Fact]
    public void The_revocation_list_lists_what_was_revoked_and_is_signed_by_its_authority_only()
    {
        using var authority = Create("ca");
        using var stranger = Create("stranger");
        using var kept = authority.IssueAgencySystem("MOL", "permits-backoffice", _now, _now.AddDays(30));
        using var revoked = authority.IssueAgencySystem("GS", "border-control", _now, _now.AddDays(30));

        Assert.True(authority.Revoke(revoked.Serial.ToLowerInvariant(), _now));
        Assert.False(authority.Revoke(revoked.Serial, _now));

        var list = Assert.Single(RevocationList.ReadAll(File.ReadAllBytes(authority.RevocationListPath)));
        Assert.True(list.IsRevoked(revoked.Certificate));
        Assert.False(list.IsRevoked(kept.Certificate));
        Assert.Equal(2, (int)list.Number!.Value);
        Assert.True(list.IsIssuedBy(authority.Certificate));
        Assert.False(list.IsIssuedBy(stranger.Certificate));
    }

    [Fact]
    public void An_altered_revocation_list_no_longer_verifies()
    {
        using var authority = Create("ca");
        using var revoked = authority.IssueAgencySystem("GS", "border-control", _now, _now.AddDays(30));
        authority.Revoke(revoked.Serial, _now);
        var der = RevocationListDer(authority);

        // Drop the revoked entry's serial by changing its last byte: the signature no longer matches.
        var serial = Convert.FromHexString(revoked.Serial);
        var at = der.AsSpan().IndexOf(serial);
        der[at + serial.Length - 1] ^= 0x01;

        var altered = RevocationList.Parse(der);
        Assert.False(altered.IsRevoked(revoked.Certificate));
        Assert.False(altered.IsIssuedBy(authority.Certificate));
    }

    [Fact]
    public void A_csr_keeps_its_key_with_the_agency_and_must_agree_with_the_names_given()
    {
        using var authority = Create("ca");
        var request = CertificateAuthority.CreateSigningRequest("SSF", "recouvrement");

        using var certificate = authority.IssueAgencySystem(request.RequestPem, null, null, _now, _now.AddDays(30));
        Assert.False(certificate.HasPrivateKey);
        Assert.Equal("CN=recouvrement, O=SSF", certificate.Subject);
        Assert.Throws<ArgumentException>(() => authority.IssueAgencySystem(request.RequestPem, "MOL", null, _now, _now.AddDays(30)));
    }

    [Fact]
    public void List_reports_each_certificate_status()
    {
        using var authority = Create("ca");
        using var valid = authority.IssueAgencySystem("MOL", "a", _now.AddDays(-1), _now.AddDays(30));
        using var expired = authority.IssueAgencySystem("MOL", "b", _now.AddDays(-30), _now.AddDays(-1));
        using var future = authority.IssueAgencySystem("MOL", "c", _now.AddDays(1), _now.AddDays(30));
        using var revoked = authority.IssueAgencySystem("MOL", "d", _now.AddDays(-1), _now.AddDays(30));
        authority.Revoke(revoked.Serial, _now);

        var statuses = authority.List(_now).ToDictionary(e => e.System, e => e.Status);

        Assert.Equal(CertificateStatus.Valid, statuses["a"]);
        Assert.Equal(CertificateStatus.Expired, statuses["b"]);
        Assert.Equal(CertificateStatus.NotYetValid, statuses["c"]);
        Assert.Equal(CertificateStatus.Revoked, statuses["d"]);
    }

    [Fact]
    public void An_existing_authority_is_never_overwritten()
    {
        using var authority = Create("ca");

        Assert.Throws<IOException>(() => Create("ca"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private CertificateAuthority Create(string name) =>
        CertificateAuthority.Create(Path.Combine(_directory, name), "Test CA " + name, _now.AddDays(-60), _now.AddYears(1));

    private static byte[] RevocationListDer(CertificateAuthority authority)
    {
        var pem = File.ReadAllText(authority.RevocationListPath);
        var fields = PemEncoding.Find(pem);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}
