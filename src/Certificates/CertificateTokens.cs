using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Interop.Contributions.V1;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Interop.Certificates;

/// <summary>What a token alone says: genuine and in date, genuine but expired, or not genuine; revocation needs the issuer.</summary>
public sealed record TokenVerification(VerificationVerdict Verdict, Certificate? Certificate);

/// <summary>
/// A clearance certificate as a compact JWS (ES256) signed with the issuer's key: registered claims for the id,
/// subject, issuer and dates, private ones for the rest. Anyone holding the issuer's JWKS can check it offline.
/// </summary>
public static class CertificateTokens
{
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;

    /// <summary>The one issuer of clearance certificates: the Social Security Fund.</summary>
    public const string FundIssuer = "agencies/SSF";

    /// <summary>The JOSE <c>typ</c>, so a clearance certificate cannot be passed off as another kind of token.</summary>
    public const string TokenType = "clearance-certificate+jwt";

    private const string CodeClaim = "vc";
    private const string RegistryNumberClaim = "reg";
    private const string SocialSecurityNumberClaim = "ssn";
    private const string NameArClaim = "name_ar";
    private const string NameLatinClaim = "name_latin";
    private const string PurposeClaim = "purpose";
    private const string RequestedByClaim = "requested_by";
    private const string StandingAsOfClaim = "standing_as_of";
    private const string LastPaidClaim = "last_paid_period";
    private const string LastDeclaredClaim = "last_declared_period";

    private static readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Signs every field of <paramref name="certificate"/> except its state, revocation, token and link.</summary>
    public static string Sign(Certificate certificate, SecurityKey key)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Jti] = IdOf(certificate),
            [JwtRegisteredClaimNames.Sub] = certificate.Employer,
            [CodeClaim] = certificate.VerificationCode,
            [RegistryNumberClaim] = certificate.RegistryNumber,
            [SocialSecurityNumberClaim] = certificate.SocialSecurityNumber,
            [NameArClaim] = certificate.LegalNameAr,
            [NameLatinClaim] = certificate.LegalNameLatin,
            [PurposeClaim] = certificate.Purpose,
            [RequestedByClaim] = certificate.RequestedBy,
            [StandingAsOfClaim] = $"{certificate.StandingAsOf.Year:D4}-{certificate.StandingAsOf.Month:D2}-{certificate.StandingAsOf.Day:D2}",
        };
        AddPeriod(claims, LastPaidClaim, certificate.LastPaidPeriod);
        AddPeriod(claims, LastDeclaredClaim, certificate.LastDeclaredPeriod);

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = certificate.Issuer,
            IssuedAt = certificate.IssueTime.ToDateTime(),
            NotBefore = certificate.IssueTime.ToDateTime(),
            Expires = certificate.ExpireTime.ToDateTime(),
            TokenType = TokenType,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, Algorithm),
        });
    }

    /// <summary>
    /// Checks the signature against the issuer's keys (active and retired alike) and the date against
    /// <paramref name="now"/>. The certificate read back has no state: only the issuer knows of a revocation.
    /// </summary>
    public static async Task<TokenVerification> VerifyAsync(string token, string issuer, IEnumerable<SecurityKey> keys, DateTimeOffset now)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidateAudience = false,
            // The expiry is judged below against the caller's clock, so that EXPIRED differs from TAMPERED.
            ValidateLifetime = false,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [Algorithm],
            ValidTypes = [TokenType],
            IssuerSigningKeys = keys,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return new TokenVerification(VerificationVerdict.Tampered, null);
        }

        var certificate = Read(jwt);
        if (certificate is null)
        {
            return new TokenVerification(VerificationVerdict.Tampered, null);
        }

        var verdict = now >= certificate.ExpireTime.ToDateTimeOffset() ? VerificationVerdict.Expired : VerificationVerdict.Valid;
        return new TokenVerification(verdict, certificate);
    }

    /// <summary>The certificate's id, the last segment of <c>certificates/{id}</c>.</summary>
    public static string IdOf(Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.Name["certificates/".Length..];
    }

    /// <returns>Null when a claim is missing or malformed: signed by the issuer, but not a certificate it would sign.</returns>
    private static Certificate? Read(JsonWebToken jwt)
    {
        if (!jwt.TryGetPayloadValue<string>(StandingAsOfClaim, out var asOfText)
            || !DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
        {
            return null;
        }

        var certificate = new Certificate
        {
            Name = $"certificates/{jwt.Id}",
            Employer = jwt.Subject,
            Issuer = jwt.Issuer,
            SigningKeyId = jwt.Kid,
            VerificationCode = Claim(jwt, CodeClaim),
            RegistryNumber = Claim(jwt, RegistryNumberClaim),
            SocialSecurityNumber = Claim(jwt, SocialSecurityNumberClaim),
            LegalNameAr = Claim(jwt, NameArClaim),
            LegalNameLatin = Claim(jwt, NameLatinClaim),
            Purpose = Claim(jwt, PurposeClaim),
            RequestedBy = Claim(jwt, RequestedByClaim),
            IssueTime = Timestamp.FromDateTime(jwt.IssuedAt),
            ExpireTime = Timestamp.FromDateTime(jwt.ValidTo),
            StandingAsOf = new Google.Type.Date { Year = asOf.Year, Month = asOf.Month, Day = asOf.Day },
            LastPaidPeriod = ReadPeriod(jwt, LastPaidClaim),
            LastDeclaredPeriod = ReadPeriod(jwt, LastDeclaredClaim),
        };
        return string.IsNullOrEmpty(jwt.Id) || certificate.VerificationCode.Length == 0 ? null : certificate;
    }

    private static string Claim(JsonWebToken jwt, string name) =>
        jwt.TryGetPayloadValue<string>(name, out var value) ? value : "";

    private static void AddPeriod(Dictionary<string, object> claims, string name, Period? period)
    {
        if (period is not null)
        {
            claims[name] = $"{period.Year:D4}-{period.Month:D2}";
        }
    }

    private static Period? ReadPeriod(JsonWebToken jwt, string name) =>
        jwt.TryGetPayloadValue<string>(name, out var text)
        && DateOnly.TryParseExact($"{text}-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? new Period { Year = month.Year, Month = month.Month }
            : null;
}
