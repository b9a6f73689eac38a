using Grpc.Core;
using Interop.Hub.Exchange;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.ObjectPool;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// Records every gRPC call to the hub's services. Before the call: takes a place in the log's queue, or refuses
/// the call (UNAVAILABLE) when the log cannot take it. During: hashes the request and the answer as they pass. After:
/// reads the grpc-status the call ended with and what the services put in the <see cref="ExchangeContext"/>, and
/// queues one record. Health checks and reflection are not exchanges between agencies and are not recorded.
/// </summary>
public sealed partial class ExchangeCaptureMiddleware(
    RequestDelegate next,
    ExchangeLogQueue queue,
    ExchangeLogMetrics metrics,
    TimeProvider timeProvider,
    ILogger<ExchangeCaptureMiddleware> logger)
{
    private const string GrpcStatus = "grpc-status";

    private readonly ObjectPool<ExchangeCapture> _captures =
        new DefaultObjectPool<ExchangeCapture>(new ExchangeCapture.Policy(), Environment.ProcessorCount * 64);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsHubCall(context.Request))
        {
            await next(context);
            return;
        }

        if (!queue.TryReserve() && !await ReserveAsync(context))
        {
            metrics.Refused();
            ExchangeLogRefusal.Write(context.Response);
            return;
        }

        var started = timeProvider.GetTimestamp();
        var receivedAt = timeProvider.GetUtcNow();
        var capture = _captures.Get();
        capture.Attach(context);
        try
        {
            await next(context);
        }
        finally
        {
            capture.Detach(context, out var requestDigest, out var responseDigest);
            var exchange = ExchangeContext.Find(context.Items);
            var record = new ExchangeRecord
            {
                ExchangeId = exchange?.Id ?? ExchangeIds.New(receivedAt),
                StartTime = ExchangeRecord.ToMicroseconds(exchange?.StartTime ?? receivedAt),
                CallerAgency = exchange?.Caller?.AgencyCode ?? string.Empty,
                CallerSystem = exchange?.Caller?.System ?? string.Empty,
                ProviderAgency = exchange?.ProviderAgency ?? string.Empty,
                Method = context.Request.Path.Value ?? string.Empty,
                SubjectIds = exchange?.Subjects,
                StatusCode = ReadStatus(context),
                Latency = ExchangeRecord.ToMicroseconds(timeProvider.GetElapsedTime(started)),
                CacheHit = exchange?.CacheHit == true,
                RequestBytes = capture.RequestBytes,
                ResponseBytes = capture.ResponseBytes,
                RequestSha256 = requestDigest,
                ResponseSha256 = responseDigest,
                Purpose = exchange?.Purpose,
                CaseReference = exchange?.CaseReference,
                OfficialId = exchange?.OfficialId,
            };
            _captures.Return(capture);
            if (!queue.Add(record))
            {
                LogNotRecorded(logger, record.ExchangeId, record.Method);
            }
        }
    }

    private static bool IsHubCall(HttpRequest request) =>
        HubMethods.Contains(request.Path.Value)
        && request.ContentType is { } contentType
        && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    private async ValueTask<bool> ReserveAsync(HttpContext context)
    {
        try
        {
            return await queue.ReserveAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up while waiting for a place; nothing ran, so there is nothing to record.
            return false;
        }
    }

    /// <summary>The status is a trailer, or a header when the call failed before answering (trailers-only).</summary>
    private static StatusCode ReadStatus(HttpContext context)
    {
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        if ((trailers is not null && trailers.TryGetValue(GrpcStatus, out var value))
            || context.Response.Headers.TryGetValue(GrpcStatus, out value))
        {
            return int.TryParse(value.ToString(), out var code) ? (StatusCode)code : StatusCode.Unknown;
        }

        return StatusCode.Unknown;
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Exchange {ExchangeId} {Method} ended after the log stopped taking records")]
    private static partial void LogNotRecorded(ILogger logger, Guid exchangeId, string method);
}
