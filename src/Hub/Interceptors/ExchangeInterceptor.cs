using Grpc.Core;
using Grpc.Core.Interceptors;
using Interop.Hub.Exchange;
using Interop.Hub.ExchangeLog;

namespace Interop.Hub.Interceptors;

/// <summary>
/// Outermost interceptor: gives every call an exchange id (returned as a response header before anything
/// else can fail) and records the outcome of every call, allowed or refused. The exchange log builds on it.
/// </summary>
public sealed partial class ExchangeInterceptor(TimeProvider timeProvider, ILogger<ExchangeInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = timeProvider.GetTimestamp();
        // The id carries the start time (UUIDv7), which is what lets the log find an exchange by id alone.
        var now = timeProvider.GetUtcNow();
        var exchange = new ExchangeContext(ExchangeIds.New(now), now);
        exchange.AttachTo(context);
        // Set on the HTTP response rather than written with WriteResponseHeadersAsync: the header then leaves
        // with the answer (or the trailers-only error) instead of costing a flush of its own on every call.
        context.GetHttpContext().Response.Headers[ExchangeContext.ResponseHeader] = exchange.ExchangeId;

        var status = StatusCode.OK;
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException ex)
        {
            status = ex.StatusCode;
            throw;
        }
        finally
        {
            // Checked here: the arguments cost a string per call even when the line is not written.
            if (logger.IsEnabled(LogLevel.Information))
            {
                LogExchange(
                    logger,
                    exchange.ExchangeId,
                    context.Method,
                    exchange.Caller?.ToString() ?? "(unidentified)",
                    status,
                    timeProvider.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "Exchange {ExchangeId} {Method} caller={Caller} status={Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogExchange(
        ILogger logger, string exchangeId, string method, string caller, StatusCode status, double elapsedMs);
}
