namespace Interop.Hub.Identity;

/// <summary>Why a client certificate is not accepted.</summary>
public enum CertificateRejection
{
    /// <summary>It does not chain to an authority in <see cref="IdentityOptions.TrustedCaPath"/>.</summary>
    UntrustedAuthority,
    NotYetValid,
    Expired,
    Revoked,

    /// <summary>Its authority has no revocation list, so the hub cannot tell whether it was revoked.</summary>
    RevocationUnknown,

    /// <summary>Not issued for TLS client authentication (e.g. the hub's own server certificate).</summary>
    NotForClientAuthentication,
}

internal static class CertificateRejections
{
    public static string Reason(this CertificateRejection rejection) => rejection switch
    {
        CertificateRejection.UntrustedAuthority => IdentityErrorReasons.ClientCertificateUntrusted,
        CertificateRejection.NotYetValid => IdentityErrorReasons.ClientCertificateNotYetValid,
        CertificateRejection.Expired => IdentityErrorReasons.ClientCertificateExpired,
        CertificateRejection.Revoked => IdentityErrorReasons.ClientCertificateRevoked,
        CertificateRejection.RevocationUnknown => IdentityErrorReasons.ClientCertificateRevocationUnknown,
        CertificateRejection.NotForClientAuthentication => IdentityErrorReasons.ClientCertificateWrongUsage,
        _ => throw new ArgumentOutOfRangeException(nameof(rejection), rejection, null),
    };

    public static string Describe(this CertificateRejection rejection) => rejection switch
    {
        CertificateRejection.UntrustedAuthority => "was not issued by an authority the hub trusts",
        CertificateRejection.NotYetValid => "is not valid yet",
        CertificateRejection.Expired => "has expired",
        CertificateRejection.Revoked => "has been revoked",
        CertificateRejection.RevocationUnknown => "comes from an authority whose revocation list the hub does not have",
        CertificateRejection.NotForClientAuthentication => "is not issued for TLS client authentication",
        _ => throw new ArgumentOutOfRangeException(nameof(rejection), rejection, null),
    };
}
