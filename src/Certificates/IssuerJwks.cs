using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Interop.Certificates;

/// <summary>The issuer's public keys as JSON Web Keys (RFC 7517): what the hub publishes and what verifiers load.</summary>
public static class IssuerJwks
{
    /// <summary>One public P-256 key as a JWK; the private part never leaves <paramref name="key"/>.</summary>
    public static string ToJwk(string keyId, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
            ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
            ["kid"] = keyId,
            ["use"] = "sig",
            ["alg"] = CertificateTokens.Algorithm,
        });
    }

    /// <summary>A JWKS document of the given JWKs.</summary>
    public static string Document(IEnumerable<string> jwks) =>
        $$"""{"keys":[{{string.Join(",", jwks)}}]}""";

    /// <summary>The signing keys of a JWKS document, e.g. one saved from the hub for offline verification.</summary>
    /// <exception cref="ArgumentException">The text is not a JWKS document.</exception>
    public static IList<SecurityKey> Parse(string jwks)
    {
        try
        {
            return new JsonWebKeySet(jwks) { SkipUnresolvedJsonWebKeys = true }.GetSigningKeys();
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException)
        {
            throw new ArgumentException("not a JSON Web Key Set (expected {\"keys\":[...]})", nameof(jwks), ex);
        }
    }
}
