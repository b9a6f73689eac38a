using Grpc.Core;
using Grpc.Core.Interceptors;
using Interop.Hub.Errors;
using Interop.Hub.Exchange;

namespace Interop.Hub.Interceptors;

/// <summary>
/// Turns every exception into an RpcException carrying a google.rpc.Status with ErrorInfo. Runs inside
/// <see cref="ExchangeInterceptor"/> (so the exchange records the status actually answered) and around
/// <see cref="CallerIdentityInterceptor"/> and the services.
/// </summary>
public sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    private static readonly TimeSpan DeadlineTolerance = TimeSpan.FromMilliseconds(100);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw ToRpcException(ex, context);
        }
    }

    private RpcException ToRpcException(Exception exception, ServerCallContext context)
    {
        if (exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            // The call's token fires on the deadline or when the client goes away; a client leaves on its own deadline
            // a moment before the hub's (which starts when the call arrives), so the last moments count as the deadline.
            return ErrorMapper.Cancelled(deadlineExceeded: context.Deadline <= DateTime.UtcNow + DeadlineTolerance).ToRpcException();
        }

        if (ErrorMapper.TryMap(exception) is { } status)
        {
            if (status.Code == (int)StatusCode.Unavailable)
            {
                LogUnavailable(logger, context.Method, exception.Message, exception.InnerException?.Message);
            }

            return status.ToRpcException();
        }

        var exchangeId = ExchangeContext.Of(context).ExchangeId;
        LogUnexpected(logger, exception, context.Method, exchangeId);
        return ErrorMapper.Internal(exchangeId).ToRpcException();
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "{Method}: unavailable: {Message} ({Cause})")]
    private static partial void LogUnavailable(ILogger logger, string method, string message, string? cause);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "{Method}: unexpected failure in exchange {ExchangeId}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string exchangeId);
}
