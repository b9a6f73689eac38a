using Interop.Hub.Errors;
using Interop.Hub.Options;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Agencies;

/// <summary>
/// The hub's own limit on how long an agency's system may take (<c>Agencies:Timeout</c>): past it the call to the
/// agency is cancelled and answered as <see cref="AgencyTimeoutException"/> (UNAVAILABLE), whatever the caller's deadline.
/// </summary>
public sealed class AgencyTimeLimit(IOptions<AgencyBackendOptions> options)
{
    public TimeSpan Timeout { get; } = options.Value.Timeout;

    /// <param name="giveUp">Cancelled when nobody waits for the answer any more (not a timeout of the agency's).</param>
    public async Task<T> RunAsync<T>(string agencyCode, Func<CancellationToken, Task<T>> call, CancellationToken giveUp)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(giveUp);
        limit.CancelAfter(Timeout);
        try
        {
            return await call(limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !giveUp.IsCancellationRequested)
        {
            throw new AgencyTimeoutException(agencyCode, Timeout);
        }
    }
}
