using Grpc.Core;

namespace Interop.Hub.Identity;

/// <summary>
/// Establishes the caller's identity for one call: from a request header in the sandbox
/// (<see cref="HeaderCallerIdentityResolver"/>), from the mutual-TLS client certificate in production
/// (<see cref="CertificateCallerIdentityResolver"/>); <c>Identity:Mode</c> chooses.
/// </summary>
public interface ICallerIdentityResolver
{
    /// <exception cref="Errors.CallerRejectedException">The caller cannot be identified.</exception>
    CallerIdentity Resolve(ServerCallContext context);
}
