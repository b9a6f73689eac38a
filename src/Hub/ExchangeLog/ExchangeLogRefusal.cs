using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Interop.Hub.Errors;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// The answer to a call the hub cannot record (fail closed): UNAVAILABLE as a gRPC trailers-only response,
/// written by the middleware before any service code runs. Built once; it never varies.
/// </summary>
public static class ExchangeLogRefusal
{
    /// <summary>ErrorInfo reason (domain <see cref="ErrorReasons.Domain"/>).</summary>
    public const string Reason = ErrorReasons.ExchangeLogUnavailable;

    public const string Message = "The hub cannot record exchanges right now, so it makes none; try again later.";

    private static readonly string _statusDetails = Convert.ToBase64String(new Google.Rpc.Status
    {
        Code = (int)Code.Unavailable,
        Message = Message,
        Details =
        {
            Any.Pack(new ErrorInfo { Reason = Reason, Domain = ErrorReasons.Domain }),
            Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) }),
        },
    }.ToByteArray());

    private static readonly string _statusCode = ((int)Code.Unavailable).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static void Write(Microsoft.AspNetCore.Http.HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = _statusCode;
        response.Headers["grpc-message"] = Message;
        response.Headers["grpc-status-details-bin"] = _statusDetails;
    }
}
