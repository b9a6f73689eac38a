using System.Runtime.CompilerServices;
using Interop.Ports;

namespace Interop.Hub.Caching;

/// <summary>The feed of an in-memory (sandbox) registry: its records never change, so it is live at once and stays silent.</summary>
internal sealed class UnchangingChangeFeed(string agencyCode) : IChangeFeed
{
    public string AgencyCode { get; } = agencyCode;

    public async IAsyncEnumerable<ChangeBatch> FollowAsync(long? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new ChangeBatch(after ?? 0, [], ChangeFeedState.Live);
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
