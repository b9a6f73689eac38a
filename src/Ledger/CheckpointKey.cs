using System.Security.Cryptography;

namespace Interop.Ledger;

/// <summary>
/// An ECDSA P-256 key that signs (the hub's, with its private part) or verifies (anyone's, public part only)
/// checkpoints. Signatures are DER-encoded over SHA-256, as <c>openssl dgst -sha256 -verify</c> expects.
/// </summary>
public sealed class CheckpointKey : IDisposable
{
    public const string Algorithm = "ECDSA_P256_SHA256";

    private const int KeyIdHexDigits = 16;

    private readonly ECDsa _key;

    private CheckpointKey(ECDsa key, bool hasPrivateKey)
    {
        if (key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            key.Dispose();
            throw new CryptographicException("The key is not an ECDSA P-256 key.");
        }

        _key = key;
        HasPrivateKey = hasPrivateKey;
        var publicKey = key.ExportSubjectPublicKeyInfo();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(publicKey))[..KeyIdHexDigits];
        PublicKeyPem = PemEncoding.WriteString("PUBLIC KEY", publicKey);
    }

    /// <summary>The first 16 hexadecimal digits of SHA-256 of the SubjectPublicKeyInfo (DER).</summary>
    public string KeyId { get; }

    public string PublicKeyPem { get; }

    public bool HasPrivateKey { get; }

    public static CheckpointKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), hasPrivateKey: true);

    /// <summary>A key from PEM: a private key ("PRIVATE KEY" or "EC PRIVATE KEY") signs, a "PUBLIC KEY" only verifies.</summary>
    /// <exception cref="CryptographicException">The text holds no usable P-256 key.</exception>
    public static CheckpointKey FromPem(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (ArgumentException ex)
        {
            key.Dispose();
            throw new CryptographicException($"No EC key in the PEM text: {ex.Message}", ex);
        }

        return new CheckpointKey(key, hasPrivateKey: pem.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    public string ExportPrivateKeyPem() => HasPrivateKey
        ? PemEncoding.WriteString("PRIVATE KEY", _key.ExportPkcs8PrivateKey())
        : throw new InvalidOperationException("This key has no private part.");

    public byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();
}
