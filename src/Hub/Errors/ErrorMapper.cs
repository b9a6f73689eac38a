using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Interop.Hub.Access;
using Interop.Ports;
using Npgsql;
using RpcStatus = Google.Rpc.Status;

namespace Interop.Hub.Errors;

/// <summary>
/// The one place where failures become google.rpc.Status: a caller's mistake is never INTERNAL,
/// and nothing internal (stack traces, SQL, host names) reaches the wire.
/// </summary>
public static class ErrorMapper
{
    /// <summary>Most field violations one answer lists (see <see cref="InvalidArgument"/>).</summary>
    public const int MaxViolationsAnswered = 50;

    /// <summary>How long a caller should wait before retrying after an outage: an agency's, or the hub's own database's.</summary>
    private static readonly Duration _outageRetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(1));

    /// <returns>The status to answer, or null when the exception is not a known failure (answer INTERNAL).</returns>
    public static RpcStatus? TryMap(Exception exception) => exception switch
    {
        RequestValidationException e => InvalidArgument(e.Violations),
        ResourceNotFoundException e => Status(
            Code.NotFound,
            e.Message,
            Info(ErrorReasons.ResourceNotFound, ("resource_type", e.ResourceType), ("resource_name", e.ResourceName)),
            new ResourceInfo { ResourceType = e.ResourceType, ResourceName = e.ResourceName }),
        CallerRejectedException e => Status((Code)e.StatusCode, e.Message, Info(e.Reason)),
        AccessDeniedException e => Status(Code.PermissionDenied, e.Message, Info(e.Reason, [.. e.Metadata])),
        RateLimitExceededException e => Status(
            Code.ResourceExhausted,
            e.Message,
            Info(AccessErrorReasons.RateLimited, ("grant", e.GrantName), ("caller", e.Caller), ("method", e.Method)),
            e.RetryAfter is { } retryAfter ? new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) } : null,
            new QuotaFailure
            {
                Violations = { new QuotaFailure.Types.Violation { Subject = $"{e.GrantName}:{e.Caller}", Description = e.Message } },
            }),
        AccessGrantsUnavailableException e => Status(
            Code.Unavailable,
            e.Message,
            Info(AccessErrorReasons.GrantsUnavailable),
            new RetryInfo { RetryDelay = _outageRetryDelay }),
        PreconditionFailedException e => Status(
            Code.FailedPrecondition,
            e.Message,
            Info(e.Reason),
            new PreconditionFailure
            {
                Violations = { new PreconditionFailure.Types.Violation { Type = e.Reason, Subject = e.Subject, Description = e.Message } },
            }),
        ResourceExistsException e => Status(
            Code.AlreadyExists,
            e.Message,
            Info(e.Reason, ("resource_type", e.ResourceType), ("resource_name", e.ResourceName)),
            new ResourceInfo { ResourceType = e.ResourceType, ResourceName = e.ResourceName }),
        AgencyTimeoutException e => Status(
            Code.Unavailable,
            e.Message,
            Info(ErrorReasons.AgencyTimeout, ("agency", e.AgencyCode)),
            new RetryInfo { RetryDelay = _outageRetryDelay }),
        AgencyUnavailableException e => Status(
            Code.Unavailable,
            $"The {e.AgencyCode} agency's system is unavailable; try again later.",
            Info(ErrorReasons.AgencyUnavailable, ("agency", e.AgencyCode)),
            new RetryInfo { RetryDelay = _outageRetryDelay }),
        ExchangeNotYetLoggedException e => Status(
            Code.Unavailable,
            e.Message,
            Info(ErrorReasons.ExchangeNotYetLogged, ("exchange", e.ExchangeName)),
            new RetryInfo { RetryDelay = Duration.FromTimeSpan(e.RetryAfter) }),
        ExchangeArchivedException e => Status(
            Code.NotFound,
            e.Message,
            Info(ErrorReasons.ExchangeArchived, ("exchange", e.ExchangeName), ("day", e.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            new ResourceInfo { ResourceType = "exchange", ResourceName = e.ExchangeName, Description = "archived" }),
        ExchangeLogAlteredException e => Status(
            Code.DataLoss,
            e.Message,
            Info(ErrorReasons.ExchangeLogAltered, ("exchange", e.ExchangeName))),
        NpgsqlException e when IsUnavailable(e) => Status(
            Code.Unavailable,
            "The hub's own database does not answer (exchange log, grants, certificates); try again shortly.",
            Info(ErrorReasons.HubDatabaseUnavailable),
            new RetryInfo { RetryDelay = _outageRetryDelay }),
        RpcException e => StatusFromRpcException(e),
        _ => null,
    };

    /// <summary>
    /// The hub's own database (the agencies' adapters turn theirs into <see cref="AgencyUnavailableException"/>) is down,
    /// unreachable, refusing connections or shutting down: an outage to wait out. Other PostgreSQL errors (a bad
    /// statement, a constraint) are the hub's defects, answered INTERNAL.
    /// </summary>
    private static bool IsUnavailable(NpgsqlException exception) =>
        exception is not PostgresException postgres
        || postgres.IsTransient
        || postgres.SqlState is PostgresErrorCodes.ObjectNotInPrerequisiteState // "database is not currently accepting connections"
        || postgres.SqlState[..2] is "08" or "53" or "57" or "58";

    /// <summary>The status of one of the hub's own, known failures (e.g. one item of a batch).</summary>
    public static RpcStatus Map(Exception exception) =>
        TryMap(exception) ?? throw new ArgumentException($"{exception.GetType().Name} is not a known failure.", nameof(exception));

    public static RpcStatus Internal(string exchangeId) => Status(
        Code.Internal,
        $"The hub failed to process this exchange; the operators can trace it by exchange id {exchangeId}.",
        Info(ErrorReasons.Internal, ("exchange_id", exchangeId)));

    public static RpcStatus Cancelled(bool deadlineExceeded) => deadlineExceeded
        ? Status(Code.DeadlineExceeded, "The call's deadline passed before the answer was ready.", Info(ErrorReasons.DeadlineExceeded))
        : Status(Code.Cancelled, "The caller cancelled the call.", Info(ErrorReasons.Cancelled));

    /// <summary>
    /// The first <see cref="MaxViolationsAnswered"/> violations, and how many more: a request with ten thousand bad
    /// entries would otherwise be answered with megabytes of trailers, more than clients accept (64 KB for .NET's).
    /// </summary>
    private static RpcStatus InvalidArgument(IReadOnlyList<BadRequest.Types.FieldViolation> violations)
    {
        var answered = violations.Take(MaxViolationsAnswered).ToList();
        var more = violations.Count - answered.Count;
        var message = violations.Count == 1
            ? $"Invalid {violations[0].Field}: {violations[0].Description}"
            : $"{violations.Count} invalid fields: {string.Join("; ", answered.Select(v => $"{v.Field}: {v.Description}"))}{(more > 0 ? $"; and {more} more" : "")}";
        return Status(
            Code.InvalidArgument,
            message,
            Info(ErrorReasons.InvalidArgument, ("fields", string.Join(",", answered.Select(v => v.Field)))),
            new BadRequest { FieldViolations = { answered } });
    }

    private static RpcStatus StatusFromRpcException(RpcException exception) =>
        exception.GetRpcStatus() ?? new RpcStatus { Code = (int)exception.StatusCode, Message = exception.Status.Detail };

    private static ErrorInfo Info(string reason, params (string Key, string Value)[] metadata)
    {
        var info = new ErrorInfo { Reason = reason, Domain = ErrorReasons.Domain };
        foreach (var (key, value) in metadata)
        {
            info.Metadata[key] = value;
        }

        return info;
    }

    /// <param name="details">The details to pack; a null one is left out.</param>
    private static RpcStatus Status(Code code, string message, params Google.Protobuf.IMessage?[] details)
    {
        var status = new RpcStatus { Code = (int)code, Message = message };
        foreach (var detail in details.OfType<Google.Protobuf.IMessage>())
        {
            status.Details.Add(Any.Pack(detail));
        }

        return status;
    }
}
