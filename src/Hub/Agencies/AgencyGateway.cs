using Grpc.Core;
using Interop.Hub.Caching;
using Interop.Hub.Exchange;

namespace Interop.Hub.Agencies;

/// <summary>
/// Every call of a service to an agency's port goes through here: the exchange learns which agency provides the
/// answer, and the caller's cancellation and deadline are passed down.
/// </summary>
/// <remarks>
/// The ports the services hold are the cache's decorators, which apply <see cref="AgencyTimeLimit"/> to the calls that
/// reach an agency: a first-level hit, the common case, then costs no timer at all.
/// <see cref="CallLiveAsync"/> is for the uncached ports (answers that must never come from the cache).
/// </remarks>
public sealed class AgencyGateway(AgencyTimeLimit timeLimit)
{
    public Task<T> CallAsync<T>(ServerCallContext context, string agencyCode, Func<CancellationToken, Task<T>> call)
    {
        ExchangeContext.Of(context).ProviderAgency ??= agencyCode;
        return call(context.CancellationToken);
    }

    /// <summary>
    /// <see cref="CallAsync"/> for an answer that may hold no record (an empty list, "not found"), with when the cache
    /// fetched it: such an answer has no record to say so. Null when an agency gave the answer to this very call.
    /// </summary>
    public Task<(T Answer, DateTimeOffset? CachedAt)> CallWithCacheTimeAsync<T>(
        ServerCallContext context, string agencyCode, Func<CancellationToken, Task<T>> call) =>
        CacheReceipt.WatchAsync(() => CallAsync(context, agencyCode, call));

    /// <summary>A call to an agency's own system, bypassing the cache: within the hub's time limit for agencies.</summary>
    public Task<T> CallLiveAsync<T>(ServerCallContext context, string agencyCode, Func<CancellationToken, Task<T>> call)
    {
        ExchangeContext.Of(context).ProviderAgency ??= agencyCode;
        return timeLimit.RunAsync(agencyCode, call, context.CancellationToken);
    }
}
