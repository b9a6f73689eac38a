using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Interop.Pki;

/// <summary>
/// An X.509 certificate revocation list (RFC 5280 §5) as the hub reads it: who issued it, when, and which
/// serial numbers it revokes. .NET can build CRLs but not read their entries, hence this small reader.
/// </summary>
public sealed class RevocationList
{
    private const string CrlPemLabel = "X509 CRL";

    private static readonly Dictionary<string, (HashAlgorithmName Hash, bool Ecdsa)> _signatureAlgorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.10045.4.3.2"] = (HashAlgorithmName.SHA256, true),
        ["1.2.840.10045.4.3.3"] = (HashAlgorithmName.SHA384, true),
        ["1.2.840.10045.4.3.4"] = (HashAlgorithmName.SHA512, true),
        ["1.2.840.113549.1.1.11"] = (HashAlgorithmName.SHA256, false),
        ["1.2.840.113549.1.1.12"] = (HashAlgorithmName.SHA384, false),
        ["1.2.840.113549.1.1.13"] = (HashAlgorithmName.SHA512, false),
    };

    private readonly byte[] _signedPart;
    private readonly byte[] _signature;
    private readonly string _signatureAlgorithm;
    private readonly Dictionary<string, DateTimeOffset> _revoked;

    private RevocationList(
        X500DistinguishedName issuer,
        DateTimeOffset thisUpdate,
        DateTimeOffset? nextUpdate,
        BigInteger? number,
        Dictionary<string, DateTimeOffset> revoked,
        byte[] signedPart,
        string signatureAlgorithm,
        byte[] signature)
    {
        Issuer = issuer;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        Number = number;
        _revoked = revoked;
        _signedPart = signedPart;
        _signatureAlgorithm = signatureAlgorithm;
        _signature = signature;
    }

    public X500DistinguishedName Issuer { get; }

    public DateTimeOffset ThisUpdate { get; }

    public DateTimeOffset? NextUpdate { get; }

    /// <summary>The CRL number extension, which grows with every list the authority signs.</summary>
    public BigInteger? Number { get; }

    /// <summary>Revoked serial numbers (see <see cref="SerialNumbers.ToHex"/>) and when each was revoked.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Revoked => _revoked;

    public bool IsRevoked(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return _revoked.ContainsKey(SerialNumbers.ToHex(certificate.SerialNumberBytes.Span));
    }

    /// <summary>True when <paramref name="authority"/> issued this list: same name and a valid signature by its key.</summary>
    public bool IsIssuedBy(X509Certificate2 authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        if (!authority.SubjectName.RawData.AsSpan().SequenceEqual(Issuer.RawData)
            || !_signatureAlgorithms.TryGetValue(_signatureAlgorithm, out var algorithm))
        {
            return false;
        }

        if (algorithm.Ecdsa)
        {
            using var key = authority.GetECDsaPublicKey();
            return key is not null && key.VerifyData(_signedPart, _signature, algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = authority.GetRSAPublicKey();
        return rsa is not null && rsa.VerifyData(_signedPart, _signature, algorithm.Hash, RSASignaturePadding.Pkcs1);
    }

    /// <summary>Reads every CRL of a file: PEM ("X509 CRL" blocks, several allowed) or a single DER list.</summary>
    /// <exception cref="CryptographicException">The file holds no CRL or a malformed one.</exception>
    public static IReadOnlyList<RevocationList> ReadAll(byte[] contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        if (contents.Length > 0 && contents[0] == 0x30)
        {
            return [Parse(contents)];
        }

        var text = System.Text.Encoding.ASCII.GetString(contents).AsSpan();
        var lists = new List<RevocationList>();
        while (PemEncoding.TryFind(text, out var fields))
        {
            if (text[fields.Label].SequenceEqual(CrlPemLabel))
            {
                lists.Add(Parse(Convert.FromBase64String(text[fields.Base64Data].ToString())));
            }

            text = text[fields.Location.End..];
        }

        return lists.Count > 0 ? lists : throw new CryptographicException("The file holds no certificate revocation list (X509 CRL).");
    }

    /// <exception cref="CryptographicException">Not a well-formed DER certificate revocation list.</exception>
    public static RevocationList Parse(ReadOnlyMemory<byte> der)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var certificateList = reader.ReadSequence();
            reader.ThrowIfNotEmpty();

            var signedPart = certificateList.PeekEncodedValue().ToArray();
            var tbs = certificateList.ReadSequence();
            var signatureAlgorithm = certificateList.ReadSequence().ReadObjectIdentifier();
            var signature = certificateList.ReadBitString(out _);
            certificateList.ThrowIfNotEmpty();

            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                tbs.ReadInteger();
            }

            tbs.ReadSequence();
            var issuer = new X500DistinguishedName(tbs.ReadEncodedValue().Span);
            var thisUpdate = ReadTime(tbs);
            DateTimeOffset? nextUpdate = tbs.HasData && IsTime(tbs.PeekTag()) ? ReadTime(tbs) : null;

            var revoked = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var entries = tbs.ReadSequence();
                while (entries.HasData)
                {
                    var entry = entries.ReadSequence();
                    var serial = SerialNumbers.ToHex(entry.ReadIntegerBytes().Span);
                    revoked[serial] = ReadTime(entry);
                }
            }

            BigInteger? number = null;
            var explicitExtensions = new Asn1Tag(TagClass.ContextSpecific, 0);
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(explicitExtensions))
            {
                var extensions = tbs.ReadSequence(explicitExtensions).ReadSequence();
                while (extensions.HasData)
                {
                    var extension = extensions.ReadSequence();
                    var oid = extension.ReadObjectIdentifier();
                    if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                    {
                        extension.ReadBoolean();
                    }

                    var value = extension.ReadOctetString();
                    if (oid == "2.5.29.20")
                    {
                        number = new AsnReader(value, AsnEncodingRules.DER).ReadInteger();
                    }
                }
            }

            return new RevocationList(issuer, thisUpdate, nextUpdate, number, revoked, signedPart, signatureAlgorithm, signature);
        }
        catch (AsnContentException exception)
        {
            throw new CryptographicException("Malformed certificate revocation list.", exception);
        }
    }

    private static bool IsTime(Asn1Tag tag) =>
        tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
