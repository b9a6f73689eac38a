using Grpc.Core;

namespace Interop.Hub.Identity;

/// <summary>
/// Establishes the caller's identity for one call. Today from a request header; the trust issue swaps in
/// the mutual-TLS client certificate without touching anything else.
/// </summary>
public interface ICallerIdentityResolver
{
    /// <exception cref="Errors.CallerRejectedException">The caller cannot be identified.</exception>
    CallerIdentity Resolve(ServerCallContext context);
}
