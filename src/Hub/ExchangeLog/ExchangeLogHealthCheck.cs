using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// Whether this instance can record exchanges, for load balancers and operators (gRPC health, service ""):
/// unhealthy (NOT_SERVING) while it refuses calls because the log's database cannot be written and its queue is
/// full; degraded (still SERVING) while writes fail and the queue still has room.
/// </summary>
public sealed class ExchangeLogHealthCheck(ExchangeLogQueue queue) : IHealthCheck
{
    public const string Name = "exchange-log";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (depth, capacity) = (queue.Depth, queue.Capacity);
        var data = new Dictionary<string, object> { ["queue_depth"] = depth, ["queue_capacity"] = capacity };
        var places = string.Create(CultureInfo.InvariantCulture, $"{depth:N0} of {capacity:N0} places taken");
        var result = (queue.StoreAvailable, depth >= capacity) switch
        {
            (true, _) => HealthCheckResult.Healthy($"Recording exchanges ({places}).", data),
            (false, false) => HealthCheckResult.Degraded(
                $"The exchange log's database cannot be written: calls are answered while the queue has room ({places}), refused once it is full.",
                data: data),
            (false, true) => HealthCheckResult.Unhealthy(
                $"The exchange log's database cannot be written and the queue is full ({places}): every call is refused with UNAVAILABLE until it is back.",
                data: data),
        };
        return Task.FromResult(result);
    }
}
