using System.Security.Cryptography;
using Interop.Certificates;
using Interop.Hub.Options;
using Interop.Hub.V1;
using Interop.Ports;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Interop.Hub.Certificates;

/// <summary>
/// The fund's certificate-signing keys as configured: the active one signs, retired ones only verify, so a certificate
/// signed before a rotation stays verifiable until it expires. The sandbox, with none configured, makes one per run.
/// </summary>
public sealed class IssuerKeyRing : IDisposable
{
    /// <summary>The issuer named in every certificate and token.</summary>
    public const string Issuer = CertificateTokens.FundIssuer;

    private readonly List<(IssuerKeyOptions Options, ECDsa Key)> _keys;

    public IssuerKeyRing(IOptions<CertificateOptions> options, TimeProvider timeProvider)
    {
        var configured = options.Value.Keys;
        _keys = configured.Count > 0
            ? [.. configured.Select(k => (k, LoadKey(k)))]
            : [(new IssuerKeyOptions { KeyId = $"sandbox-{timeProvider.GetUtcNow():yyyyMMddHHmmss}" }, ECDsa.Create(ECCurve.NamedCurves.nistP256))];

        var (active, activeKey) = _keys.Single(k => k.Options.Status == IssuerKeyStatus.Active);
        SigningKey = new ECDsaSecurityKey(activeKey) { KeyId = active.KeyId };
        VerificationKeys = [.. _keys.Select(k => new ECDsaSecurityKey(k.Key) { KeyId = k.Options.KeyId })];
        PublishedKeys = [.. _keys.Select(k => new IssuerKey
        {
            KeyId = k.Options.KeyId,
            IssuerAgency = AgencyCodes.SocialSecurityFund,
            Algorithm = CertificateTokens.Algorithm,
            State = k.Options.Status == IssuerKeyStatus.Active ? IssuerKeyState.Active : IssuerKeyState.Retired,
            Jwk = IssuerJwks.ToJwk(k.Options.KeyId, k.Key),
        })];
        Jwks = IssuerJwks.Document(PublishedKeys.Select(k => k.Jwk));
    }

    public SecurityKey SigningKey { get; }

    public IReadOnlyList<SecurityKey> VerificationKeys { get; }

    public IReadOnlyList<IssuerKey> PublishedKeys { get; }

    /// <summary>The JWKS document of every key, active and retired.</summary>
    public string Jwks { get; }

    /// <summary>Reads one configured key, refusing anything but a P-256 key (with its private part when active).</summary>
    /// <exception cref="HubConfigurationException">The file is missing or holds no usable key; the message says which.</exception>
    public static ECDsa LoadKey(IssuerKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var where = $"Certificates:Keys key '{options.KeyId}' ({options.PemPath})";
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(options.PemPath));
            if (key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new HubConfigurationException($"{where}: not a P-256 key; ES256 needs one (openssl ecparam -name prime256v1).");
            }

            if (options.Status == IssuerKeyStatus.Active)
            {
                _ = key.ExportParameters(true);
            }

            return key;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new HubConfigurationException(
                options.Status == IssuerKeyStatus.Active && ex is CryptographicException
                    ? $"{where}: the active key must be a PEM private key (PKCS#8 or EC PRIVATE KEY)."
                    : $"{where}: cannot read a PEM EC key: {ex.Message}",
                ex);
        }
    }

    public void Dispose()
    {
        foreach (var (_, key) in _keys)
        {
            key.Dispose();
        }
    }
}
