using Grpc.Core;
using Interop.Hub.Errors;
using Interop.Hub.Exchange;
using Interop.Hub.Options;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Agencies;

/// <summary>
/// Every call to an agency's adapter goes through here: the caller's cancellation and deadline are passed
/// down, and an agency that is slower than the hub's limit is cut off and answered as UNAVAILABLE.
/// </summary>
public sealed class AgencyGateway(IOptions<AgencyBackendOptions> options)
{
    private readonly TimeSpan _timeout = options.Value.Timeout;

    public async Task<T> CallAsync<T>(ServerCallContext context, string agencyCode, Func<CancellationToken, Task<T>> call)
    {
        ExchangeContext.Of(context).ProviderAgency ??= agencyCode;
        var callCancellation = context.CancellationToken;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(callCancellation);
        limit.CancelAfter(_timeout);
        try
        {
            return await call(limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !callCancellation.IsCancellationRequested)
        {
            throw new AgencyTimeoutException(agencyCode, _timeout);
        }
    }
}
