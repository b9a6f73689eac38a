using Grpc.Core;
using Interop.Hub.Agencies;
using Interop.Hub.Errors;
using Interop.Pki;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Identity;

/// <summary>
/// Production identity: the caller is the agency system its TLS client certificate names (O = agency code,
/// CN = system name, see <see cref="AgencySubject"/>). The handshake already refused untrusted, out-of-date and
/// revoked certificates; here a call is refused, with UNAUTHENTICATED or PERMISSION_DENIED and a log record, when
/// it carries the header identity, has no certificate, its certificate expired or was revoked since the
/// connection opened, or it names an agency or system the hub does not register.
/// </summary>
public sealed partial class CertificateCallerIdentityResolver(
    ClientCertificateValidator validator,
    AgencyDirectory directory,
    IOptions<IdentityOptions> options,
    ILogger<CertificateCallerIdentityResolver> logger) : ICallerIdentityResolver
{
    private readonly IdentityOptions _options = options.Value;

    public CallerIdentity Resolve(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.RequestHeaders.Get(HeaderCallerIdentityResolver.HeaderName) is not null)
        {
            throw Refuse(
                context,
                StatusCode.Unauthenticated,
                IdentityErrorReasons.CallerHeaderRefused,
                $"This hub identifies callers by their TLS client certificate only; remove the '{HeaderCallerIdentityResolver.HeaderName}' header.");
        }

        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        if (certificate is null)
        {
            throw Refuse(
                context,
                StatusCode.Unauthenticated,
                IdentityErrorReasons.ClientCertificateMissing,
                "No client certificate: connect with the certificate the hub's authority issued to your system.");
        }

        if (validator.Recheck(certificate) is { } rejection)
        {
            throw Refuse(context, StatusCode.Unauthenticated, rejection.Reason(), $"Your client certificate {rejection.Describe()}.");
        }

        if (!AgencySubject.TryRead(certificate.SubjectName, out var agencyCode, out var system))
        {
            throw Refuse(
                context,
                StatusCode.Unauthenticated,
                ErrorReasons.CallerIdentityMalformed,
                "Your client certificate's subject must name the agency as O and the system as CN, e.g. 'CN=permits-backoffice, O=MOL'.");
        }

        if (!directory.IsRegistered(agencyCode))
        {
            throw Refuse(context, StatusCode.PermissionDenied, ErrorReasons.CallerAgencyUnknown, $"Agency '{agencyCode}' is not registered with the hub.");
        }

        if (!_options.IsRegisteredSystem(agencyCode, system))
        {
            throw Refuse(
                context,
                StatusCode.PermissionDenied,
                IdentityErrorReasons.CallerSystemUnknown,
                $"System '{system}' of agency '{agencyCode}' is not registered with the hub.");
        }

        return new CallerIdentity(agencyCode, system);
    }

    private CallerRejectedException Refuse(ServerCallContext context, StatusCode status, string reason, string message)
    {
        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        LogRefused(logger, context.Method, context.Peer, certificate?.Subject ?? "(none)", reason);
        return new CallerRejectedException(status, reason, message);
    }

    [LoggerMessage(EventId = 4120, Level = LogLevel.Warning,
        Message = "Call {Method} from {Peer} refused: {Reason} (client certificate {Subject})")]
    private static partial void LogRefused(ILogger logger, string method, string peer, string subject, string reason);
}
