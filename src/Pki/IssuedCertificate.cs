using System.Security.Cryptography.X509Certificates;

namespace Interop.Pki;

/// <summary>A certificate the authority issued together with the private key it generated for it.</summary>
public sealed class IssuedCertificate(X509Certificate2 certificate, string privateKeyPem) : IDisposable
{
    public X509Certificate2 Certificate { get; } = certificate;

    /// <summary>PKCS#8 PEM; it belongs to the certificate's holder and is not kept by the authority.</summary>
    public string PrivateKeyPem { get; } = privateKeyPem;

    public string Serial => SerialNumbers.ToHex(Certificate.SerialNumberBytes.Span);

    /// <summary>Writes <c>&lt;name&gt;.crt</c> and <c>&lt;name&gt;.key</c> (owner-only) into <paramref name="directory"/>.</summary>
    /// <returns>The certificate's and the key's paths.</returns>
    public (string CertificatePath, string KeyPath) WriteTo(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        PemFiles.WritePrivateKey(keyPath, PrivateKeyPem);
        PemFiles.WriteCertificate(certificatePath, Certificate);
        return (certificatePath, keyPath);
    }

    public void Dispose() => Certificate.Dispose();
}

/// <summary>Where a certificate the authority issued stands at a given time.</summary>
public enum CertificateStatus
{
    Valid,
    NotYetValid,
    Expired,
    Revoked,
}

/// <summary>One line of the authority's register of issued certificates.</summary>
/// <param name="Agency">The agency code for an agency system's certificate; null for the hub's server certificate.</param>
/// <param name="System">The system name, or for a server certificate its DNS names and addresses.</param>
public sealed record IssuedCertificateEntry(
    string Serial,
    string Subject,
    string? Agency,
    string System,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    CertificateStatus Status,
    DateTimeOffset? RevokedAt);

/// <summary>A new key pair and the PKCS#10 request for it, made by an agency for its system; the key stays with the agency.</summary>
public sealed record SigningRequest(string RequestPem, string PrivateKeyPem);
