using Interop.Certificates;
using Interop.Contributions.V1;

namespace Interop.Hub.Certificates;

/// <summary>A verdict and, unless UNKNOWN or TAMPERED, the certificate it is about.</summary>
public sealed record Verification(VerificationVerdict Verdict, Certificate? Certificate);

/// <summary>
/// One way to judge a certificate for the gRPC service and the public page alike: by code from the register of issued
/// certificates, by token from its signature first and then from the register (which alone knows of revocations).
/// </summary>
public sealed class CertificateVerifier(ICertificateStore store, IssuerKeyRing keys, TimeProvider timeProvider)
{
    /// <param name="code">A code in canonical form (<see cref="VerificationCode.TryNormalize"/>).</param>
    public async Task<Verification> ByCodeAsync(string code, CancellationToken cancellationToken) =>
        await store.FindByCodeAsync(code, cancellationToken) is { } certificate
            ? Judge(certificate)
            : new Verification(VerificationVerdict.Unknown, null);

    public async Task<Verification> ByTokenAsync(string token, CancellationToken cancellationToken)
    {
        var checkedToken = await CertificateTokens.VerifyAsync(token, IssuerKeyRing.Issuer, keys.VerificationKeys, timeProvider.GetUtcNow());
        if (checkedToken.Certificate is not { } signed)
        {
            return new Verification(checkedToken.Verdict, null);
        }

        // A genuine token the register has lost still says what it says; the register adds revocation.
        return await store.GetAsync(CertificateTokens.IdOf(signed), cancellationToken) is { } stored
            ? Judge(stored)
            : new Verification(checkedToken.Verdict, signed);
    }

    public Verification Judge(Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var verdict = certificate.State == CertificateState.Revoked ? VerificationVerdict.Revoked
            : timeProvider.GetUtcNow() >= certificate.ExpireTime.ToDateTimeOffset() ? VerificationVerdict.Expired
            : VerificationVerdict.Valid;
        return new Verification(verdict, certificate);
    }
}
