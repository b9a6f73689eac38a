using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Interop.Hub.Errors;
using RpcStatus = Google.Rpc.Status;

namespace Interop.Hub.Certificates;

/// <summary>
/// The certificate service's own refusals as google.rpc.Status; ErrorMapper passes a status-carrying RpcException
/// through unchanged.
/// </summary>
public static class CertificateErrors
{
    public const string ConditionsUnmet = "CLEARANCE_CONDITIONS_UNMET";
    public const string NotIssuer = "NOT_CERTIFICATE_ISSUER";
    public const string LookupsExhausted = "CERTIFICATE_LOOKUPS_EXHAUSTED";

    /// <summary>FAILED_PRECONDITION listing every condition that stands in the way, each a PreconditionFailure violation.</summary>
    public static RpcException Refused(string employer, IReadOnlyList<PreconditionFailure.Types.Violation> violations) => Build(
        Code.FailedPrecondition,
        $"No clearance certificate for {employer}: {violations.Count} condition(s) unmet: "
            + string.Join("; ", violations.Select(v => $"{v.Type}: {v.Description}")),
        Info(ConditionsUnmet, ("employer", employer), ("conditions", string.Join(",", violations.Select(v => v.Type)))),
        new PreconditionFailure { Violations = { violations } });

    public static RpcException NotTheIssuer(string agencyCode, string issuer) => Build(
        Code.PermissionDenied,
        $"Only the issuer ({issuer}) may revoke a certificate; the caller is agency {agencyCode}.",
        Info(NotIssuer, ("issuer", issuer)));

    public static RpcException TooManyLookups(TimeSpan retryAfter) => Build(
        Code.ResourceExhausted,
        $"Too many verification-code lookups from this system; retry in {Math.Ceiling(retryAfter.TotalSeconds)} s.",
        Info(LookupsExhausted),
        new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) });

    private static ErrorInfo Info(string reason, params (string Key, string Value)[] metadata)
    {
        var info = new ErrorInfo { Reason = reason, Domain = ErrorReasons.Domain };
        foreach (var (key, value) in metadata)
        {
            info.Metadata[key] = value;
        }

        return info;
    }

    private static RpcException Build(Code code, string message, params IMessage[] details)
    {
        var status = new RpcStatus { Code = (int)code, Message = message };
        status.Details.AddRange(details.Select(Any.Pack));
        return status.ToRpcException();
    }
}
