using Google.Rpc;
using Grpc.Core;
using Interop.Client;

namespace Interop.Cli;

/// <summary>
/// Tells the user on stderr why the hub refused a call: the status, the hub's message, the ErrorInfo reason and
/// every field violation, never a stack trace.
/// </summary>
internal static class ErrorReport
{
    private const string ExchangeIdKey = InteropClientOptions.ExchangeIdHeader;

    public static void Write(RpcException exception, TextWriter stderr, bool json)
    {
        var status = exception.GetRpcStatus()
            ?? new Google.Rpc.Status { Code = (int)exception.StatusCode, Message = exception.Status.Detail };
        if (json)
        {
            stderr.WriteLine(JsonOutput.Formatter.Format(status));
            return;
        }

        stderr.WriteLine($"error: {Human.Status(exception.StatusCode)}: {Message(status, exception)}");
        foreach (var line in DetailLines(status))
        {
            stderr.WriteLine($"  {line}");
        }

        var exchangeId = ExchangeId(exception);
        if (!string.IsNullOrEmpty(exchangeId))
        {
            stderr.WriteLine($"  exchange: {exchangeId}");
        }
    }

    public static void AttachExchangeId(RpcException exception, string? exchangeId)
    {
        if (!string.IsNullOrEmpty(exchangeId))
        {
            exception.Data[ExchangeIdKey] = exchangeId;
        }
    }

    /// <summary>The exchange id read from the failed call's headers, or from its trailers for a trailers-only answer.</summary>
    public static string? ExchangeId(RpcException exception) =>
        exception.Data[ExchangeIdKey] as string ?? exception.Trailers.GetValue(InteropClientOptions.ExchangeIdHeader);

    /// <summary>The reason, metadata and field violations of a google.rpc.Status, one line each.</summary>
    public static IEnumerable<string> DetailLines(Google.Rpc.Status status)
    {
        if (status.GetDetail<ErrorInfo>() is { } info)
        {
            yield return string.IsNullOrEmpty(info.Domain) ? $"reason: {info.Reason}" : $"reason: {info.Reason} ({info.Domain})";
            foreach (var (key, value) in info.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                yield return $"{key}: {value}";
            }
        }

        if (status.GetDetail<BadRequest>() is { } badRequest)
        {
            foreach (var violation in badRequest.FieldViolations)
            {
                yield return $"field {violation.Field}: {violation.Description}";
            }
        }

        if (status.GetDetail<PreconditionFailure>() is { } precondition)
        {
            foreach (var violation in precondition.Violations)
            {
                yield return $"precondition {violation.Type} {violation.Subject}: {violation.Description}";
            }
        }

        if (status.GetDetail<RetryInfo>() is { RetryDelay: { } delay })
        {
            yield return $"retry after: {delay.ToTimeSpan().TotalSeconds:0.###} s";
        }
    }

    private static string Message(Google.Rpc.Status status, RpcException exception)
    {
        var message = string.IsNullOrEmpty(status.Message) ? exception.Status.Detail : status.Message;

        // Failures inside the client (no connection, deadline) keep their cause in the exception, not in a status.
        return exception.Status.DebugException is { } cause ? $"{message} ({cause.Message})" : message;
    }
}
