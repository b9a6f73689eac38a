namespace Interop.Hub.Exchange;

/// <summary>
/// The hub's own gRPC methods (packages interop.*): exchanges between agencies, identified, checked and recorded. The
/// standard services beside them (gRPC health, reflection) are not exchanges: they answer load balancers and tools
/// that have no agency identity, and are not logged.
/// </summary>
public static class HubMethods
{
    public static bool Contains(string? path) => path is not null && path.StartsWith("/interop.", StringComparison.Ordinal);
}
