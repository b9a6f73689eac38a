using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Interop.Hub.Options;
using Interop.Pki;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Identity;

/// <summary>
/// Decides whether a client certificate may open a connection: it must chain, through .NET's X509Chain with
/// only the configured authorities as roots, to a trusted authority, be within its validity dates, be meant for
/// TLS client authentication and not be on its authority's revocation list. Kestrel calls it during the TLS
/// handshake, so a refused certificate never gets a connection; every refusal is logged with the reason.
/// </summary>
public sealed partial class ClientCertificateValidator
{
    private static readonly Oid _clientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly X509Certificate2Collection _roots = [];
    private readonly X509Certificate2Collection _intermediates = [];
    private readonly List<X509Certificate2> _authorities;
    private readonly RevocationLists _revocationLists;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <exception cref="HubConfigurationException">The authorities or revocation lists are missing, unreadable or inconsistent.</exception>
    public ClientCertificateValidator(IOptions<IdentityOptions> options, TimeProvider timeProvider, ILogger<ClientCertificateValidator> logger)
    {
        var identity = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;

        try
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(identity.TrustedCaPath!);
            _authorities = [.. authorities.Where(IsAuthority)];
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new HubConfigurationException(
                $"Identity:TrustedCaPath '{identity.TrustedCaPath}' cannot be used: {ex.Message} It must be the PEM certificate of the hub's certificate authority (ca.crt).", ex);
        }

        if (_authorities.Count == 0)
        {
            throw new HubConfigurationException(
                $"Identity:TrustedCaPath '{identity.TrustedCaPath}' holds no certificate authority (basic constraints CA): it must be the PEM certificate of the hub's certificate authority (ca.crt).");
        }

        foreach (var authority in _authorities)
        {
            (authority.SubjectName.RawData.AsSpan().SequenceEqual(authority.IssuerName.RawData) ? _roots : _intermediates).Add(authority);
        }

        try
        {
            _revocationLists = new RevocationLists(identity.RevocationListPath!, _authorities, timeProvider, logger);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new HubConfigurationException(
                $"Identity:RevocationListPath '{identity.RevocationListPath}' cannot be used: {ex.Message} It must be the authority's current revocation list (ca.crl, PEM or DER).", ex);
        }

        LogTrusting(logger, string.Join("; ", _authorities.Select(a => a.Subject)));
    }

    /// <summary>Kestrel's <c>ClientCertificateValidation</c>: the TLS errors of the system's own trust are ignored, ours decide.</summary>
    public bool ValidateHandshake(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var rejection = Validate(certificate, chain);
        if (rejection is { } refused)
        {
            LogHandshakeRefused(_logger, refused, certificate.Subject, SerialNumbers.ToHex(certificate.SerialNumberBytes.Span), certificate.Issuer);
            return false;
        }

        return true;
    }

    /// <summary>The full check, as at the handshake.</summary>
    /// <param name="presented">The chain the TLS layer built, whose extra certificates the client sent.</param>
    /// <returns>Null when the certificate is accepted.</returns>
    public CertificateRejection? Validate(X509Certificate2 certificate, X509Chain? presented = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var now = _timeProvider.GetUtcNow();
        if (Dates(certificate, now) is { } outOfDate)
        {
            return outOfDate;
        }

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_roots);
        policy.ExtraStore.AddRange(_intermediates);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                policy.ExtraStore.Add(element.Certificate);
            }
        }

        // Revocation is ours (the operator's lists, below); the system must neither check nor download anything.
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.ApplicationPolicy.Add(_clientAuthentication);
        policy.VerificationTime = now.UtcDateTime;
        policy.VerificationTimeIgnored = false;

        if (!chain.Build(certificate))
        {
            var status = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (flags, s) => flags | s.Status);
            return status.HasFlag(X509ChainStatusFlags.NotValidForUsage) ? CertificateRejection.NotForClientAuthentication
                : status.HasFlag(X509ChainStatusFlags.NotTimeValid) && chain.ChainStatus.Length == 1 ? CertificateRejection.Expired
                : CertificateRejection.UntrustedAuthority;
        }

        var elements = chain.ChainElements;
        for (var i = 0; i < elements.Count - 1; i++)
        {
            if (Revocation(elements[i].Certificate, elements[i + 1].Certificate) is { } revoked)
            {
                return revoked;
            }
        }

        return null;
    }

    /// <summary>
    /// What can change while a connection stays open, checked on every call: the validity dates and the
    /// revocation list. A certificate revoked or expired mid-connection is refused from its next call on.
    /// </summary>
    public CertificateRejection? Recheck(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (Dates(certificate, _timeProvider.GetUtcNow()) is { } outOfDate)
        {
            return outOfDate;
        }

        var issuer = _authorities.FirstOrDefault(a => a.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData));
        return issuer is null ? CertificateRejection.UntrustedAuthority : Revocation(certificate, issuer);
    }

    private CertificateRejection? Revocation(X509Certificate2 certificate, X509Certificate2 issuer) =>
        _revocationLists.IsRevoked(certificate, issuer) switch
        {
            true => CertificateRejection.Revoked,
            false => null,
            null => CertificateRejection.RevocationUnknown,
        };

    private static CertificateRejection? Dates(X509Certificate2 certificate, DateTimeOffset now) =>
        now < certificate.NotBefore.ToUniversalTime() ? CertificateRejection.NotYetValid
        : now > certificate.NotAfter.ToUniversalTime() ? CertificateRejection.Expired
        : null;

    private static bool IsAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(e => e.CertificateAuthority);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Mutual TLS: trusting agency certificates issued by {Authorities}")]
    private static partial void LogTrusting(ILogger logger, string authorities);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning,
        Message = "TLS handshake refused: the client certificate {Subject} (serial {Serial}, issuer {Issuer}) was rejected: {Rejection}")]
    private static partial void LogHandshakeRefused(ILogger logger, CertificateRejection rejection, string subject, string serial, string issuer);
}
