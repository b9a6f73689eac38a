using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interop.Hub.Access;

/// <summary>
/// Unhealthy (NOT_SERVING) until the instance has read the access grants once: until then it answers every call that
/// needs a grant with UNAVAILABLE, and a load balancer should send those calls to an instance that has them.
/// </summary>
public sealed class AccessGrantsHealthCheck(AccessRules rules) : IHealthCheck
{
    public const string Name = "access-grants";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(rules.Loaded
            ? HealthCheckResult.Healthy($"{rules.Current.Grants.Count} access grants in force (version {rules.Current.Version}).")
            : HealthCheckResult.Unhealthy(
                "The access grants have not been read yet (the hub's database does not answer): calls that need a grant are refused with UNAVAILABLE."));
}
