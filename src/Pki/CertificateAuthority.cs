using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Interop.Pki;

/// <summary>
/// The hub's certificate authority, kept in one directory: <c>ca.crt</c> (what the hub and the agencies trust),
/// <c>ca.key</c> (owner-only), <c>ca.crl</c> (the revocation list the hub reads) and <c>issued/&lt;serial&gt;.crt</c>
/// (the register of everything it signed). Keys are ECDSA P-256, signatures SHA-256.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    public const string CertificateFileName = "ca.crt";
    public const string KeyFileName = "ca.key";
    public const string RevocationListFileName = "ca.crl";
    public const string IssuedDirectoryName = "issued";

    /// <summary>How long a revocation list stays current; the hub warns about an older one but keeps using it.</summary>
    public static readonly TimeSpan RevocationListLifetime = TimeSpan.FromDays(365);

    private static readonly Oid _clientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");
    private static readonly Oid _serverAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private CertificateAuthority(string directory, X509Certificate2 certificate)
    {
        DirectoryPath = directory;
        Certificate = certificate;
    }

    public string DirectoryPath { get; }

    /// <summary>The authority's own certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePath => Path.Combine(DirectoryPath, CertificateFileName);

    public string RevocationListPath => Path.Combine(DirectoryPath, RevocationListFileName);

    /// <summary>Creates a new authority and its empty revocation list in <paramref name="directory"/>.</summary>
    /// <exception cref="IOException">The directory already holds an authority.</exception>
    public static CertificateAuthority Create(string directory, string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (File.Exists(Path.Combine(directory, KeyFileName)) || File.Exists(Path.Combine(directory, CertificateFileName)))
        {
            throw new IOException($"{directory} already holds a certificate authority; it is never overwritten.");
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(name);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        // Path length 0: the authority signs agency systems and the hub, never another authority.
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority(0));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        var certificate = request.CreateSelfSigned(notBefore, notAfter);
        Directory.CreateDirectory(Path.Combine(directory, IssuedDirectoryName));
        PemFiles.WritePrivateKey(Path.Combine(directory, KeyFileName), key.ExportPkcs8PrivateKeyPem());
        PemFiles.WriteCertificate(Path.Combine(directory, CertificateFileName), certificate);

        var authority = new CertificateAuthority(directory, certificate);
        authority.WriteRevocationList(new CertificateRevocationListBuilder(), BigInteger.One, notBefore < DateTimeOffset.UtcNow ? DateTimeOffset.UtcNow : notBefore);
        return authority;
    }

    /// <exception cref="FileNotFoundException">The directory holds no authority.</exception>
    public static CertificateAuthority Open(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            throw new FileNotFoundException(
                $"{directory} holds no certificate authority ({CertificateFileName} and {KeyFileName}); create one with 'interop pki ca create'.",
                certificatePath);
        }

        return new CertificateAuthority(directory, X509Certificate2.CreateFromPemFile(certificatePath, keyPath));
    }

    /// <summary>A key pair and a CSR for an agency's system, made on the agency's side so that its key never travels.</summary>
    public static SigningRequest CreateSigningRequest(string agencyCode, string system)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(AgencySubject.Build(agencyCode, system), key, HashAlgorithmName.SHA256);
        return new SigningRequest(request.CreateSigningRequestPem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Issues a certificate for an agency's system with a key pair generated here (for tests and trusted setups).</summary>
    public IssuedCertificate IssueAgencySystem(string agencyCode, string system, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(AgencySubject.Build(agencyCode, system), key, HashAlgorithmName.SHA256);
        using var certificate = Issue(request, _clientAuthentication, [], notBefore, notAfter);
        return new IssuedCertificate(certificate.CopyWithPrivateKey(key), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// Issues a certificate for the public key of an agency's CSR. The subject is always rebuilt from the
    /// agency code and system name; when the CSR names them too, they must agree.
    /// </summary>
    /// <param name="agencyCode">The agency; null to take it from the CSR's O.</param>
    /// <param name="system">The system; null to take it from the CSR's CN.</param>
    /// <exception cref="ArgumentException">The CSR is not signed by its key, its key is weak, or the names disagree.</exception>
    public X509Certificate2 IssueAgencySystem(
        string signingRequestPem, string? agencyCode, string? system, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        CertificateRequest csr;
        try
        {
            csr = CertificateRequest.LoadSigningRequestPem(signingRequestPem, HashAlgorithmName.SHA256);
        }
        catch (CryptographicException exception)
        {
            throw new ArgumentException($"Not a valid, self-signed PKCS#10 certificate signing request: {exception.Message}", nameof(signingRequestPem), exception);
        }

        if (AgencySubject.TryRead(csr.SubjectName, out var requestedAgency, out var requestedSystem))
        {
            if ((agencyCode ?? requestedAgency) != requestedAgency || (system ?? requestedSystem) != requestedSystem)
            {
                throw new ArgumentException(
                    $"The CSR asks for {requestedAgency}/{requestedSystem} but {agencyCode ?? requestedAgency}/{system ?? requestedSystem} was given.",
                    nameof(signingRequestPem));
            }

            (agencyCode, system) = (requestedAgency, requestedSystem);
        }
        else if (agencyCode is null || system is null)
        {
            throw new ArgumentException(
                "The CSR's subject does not name the agency (O) and system (CN); give them explicitly.", nameof(signingRequestPem));
        }

        RequireStrongKey(csr.PublicKey);
        var request = new CertificateRequest(AgencySubject.Build(agencyCode, system), csr.PublicKey, HashAlgorithmName.SHA256);
        return Issue(request, _clientAuthentication, [], notBefore, notAfter);
    }

    /// <summary>Issues the hub's own TLS server certificate for the names and addresses agencies reach it by.</summary>
    public IssuedCertificate IssueServer(
        IReadOnlyCollection<string> dnsNames, IReadOnlyCollection<IPAddress> addresses, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        ArgumentNullException.ThrowIfNull(addresses);
        if (dnsNames.Count == 0 && addresses.Count == 0)
        {
            throw new ArgumentException("A server certificate needs at least one DNS name or IP address.", nameof(dnsNames));
        }

        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var dnsName in dnsNames)
        {
            alternativeNames.AddDnsName(dnsName);
        }

        foreach (var address in addresses)
        {
            alternativeNames.AddIpAddress(address);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(dnsNames.FirstOrDefault() ?? addresses.First().ToString());
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        using var certificate = Issue(request, _serverAuthentication, [alternativeNames.Build()], notBefore, notAfter);
        return new IssuedCertificate(certificate.CopyWithPrivateKey(key), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Adds a certificate this authority issued to its revocation list and signs the list anew.</summary>
    /// <returns>False when it was already revoked (the list is left as it was).</returns>
    /// <exception cref="ArgumentException">This authority never issued a certificate with that serial number.</exception>
    public bool Revoke(string serial, DateTimeOffset revokedAt)
    {
        var normalized = SerialNumbers.Normalize(serial);
        if (!File.Exists(IssuedPath(normalized)))
        {
            throw new ArgumentException($"This authority issued no certificate with serial number {normalized}.", nameof(serial));
        }

        var pem = File.ReadAllText(RevocationListPath);
        if (RevocationList.ReadAll(System.Text.Encoding.ASCII.GetBytes(pem))[0].Revoked.ContainsKey(normalized))
        {
            return false;
        }

        var builder = CertificateRevocationListBuilder.LoadPem(pem, out var number);
        builder.AddEntry(Convert.FromHexString(normalized), revokedAt);
        WriteRevocationList(builder, number + 1, revokedAt > DateTimeOffset.UtcNow ? revokedAt : DateTimeOffset.UtcNow);
        return true;
    }

    /// <summary>Every certificate this authority issued, oldest first, with where it stands at <paramref name="now"/>.</summary>
    public IReadOnlyList<IssuedCertificateEntry> List(DateTimeOffset now)
    {
        var revoked = RevocationList.ReadAll(File.ReadAllBytes(RevocationListPath))[0].Revoked;
        var entries = new List<IssuedCertificateEntry>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(DirectoryPath, IssuedDirectoryName), "*.crt"))
        {
            using var certificate = X509CertificateLoader.LoadCertificateFromFile(path);
            var serial = SerialNumbers.ToHex(certificate.SerialNumberBytes.Span);
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            DateTimeOffset? revokedAt = revoked.TryGetValue(serial, out var at) ? at : null;
            var status = revokedAt is not null ? CertificateStatus.Revoked
                : now < notBefore ? CertificateStatus.NotYetValid
                : now > notAfter ? CertificateStatus.Expired
                : CertificateStatus.Valid;
            var (agency, system) = AgencySubject.TryRead(certificate.SubjectName, out var agencyCode, out var systemName)
                ? (agencyCode, systemName)
                : (null, ServerNames(certificate));
            entries.Add(new IssuedCertificateEntry(serial, certificate.Subject, agency, system, notBefore, notAfter, status, revokedAt));
        }

        return [.. entries.OrderBy(e => e.NotBefore).ThenBy(e => e.Serial, StringComparer.Ordinal)];
    }

    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Issue(
        CertificateRequest request, Oid usage, IEnumerable<X509Extension> extensions, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (notAfter <= notBefore)
        {
            throw new ArgumentException("A certificate must end after it starts.", nameof(notAfter));
        }

        if (notBefore < Certificate.NotBefore.ToUniversalTime() || notAfter > Certificate.NotAfter.ToUniversalTime())
        {
            throw new ArgumentException(
                $"A certificate must fall within the authority's own validity ({Certificate.NotBefore.ToUniversalTime():yyyy-MM-dd} to {Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd} UTC).",
                nameof(notAfter));
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
            Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        var serial = SerialNumbers.NewSerial();
        var certificate = request.Create(Certificate, notBefore, notAfter, serial);
        PemFiles.WriteCertificate(IssuedPath(SerialNumbers.ToHex(serial)), certificate);
        return certificate;
    }

    private void WriteRevocationList(CertificateRevocationListBuilder builder, BigInteger number, DateTimeOffset thisUpdate)
    {
        var der = builder.Build(Certificate, number, thisUpdate + RevocationListLifetime, HashAlgorithmName.SHA256, thisUpdate: thisUpdate);
        PemFiles.Replace(RevocationListPath, new string(PemEncoding.Write("X509 CRL", der)) + "\n", secret: false);
    }

    private string IssuedPath(string serial) => Path.Combine(DirectoryPath, IssuedDirectoryName, serial + ".crt");

    private static void RequireStrongKey(PublicKey key)
    {
        using var ecdsa = key.GetECDsaPublicKey();
        using var rsa = key.GetRSAPublicKey();
        if (ecdsa is { KeySize: >= 256 } || rsa is { KeySize: >= 2048 })
        {
            return;
        }

        throw new ArgumentException("The CSR's key must be ECDSA of at least 256 bits or RSA of at least 2048 bits.", nameof(key));
    }

    private static string ServerNames(X509Certificate2 certificate)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames().Concat(e.EnumerateIPAddresses().Select(a => a.ToString())))
            .ToList();
        return names.Count > 0 ? $"server: {string.Join(", ", names)}" : certificate.Subject;
    }
}
