using Grpc.Core;
using Grpc.Core.Interceptors;
using Interop.Hub.Agencies;
using Interop.Hub.Errors;
using Interop.Hub.Exchange;
using Interop.Hub.Identity;

namespace Interop.Hub.Interceptors;

/// <summary>Identifies the caller of every call, in one place, and refuses calls from unknown agencies.</summary>
public sealed class CallerIdentityInterceptor(ICallerIdentityResolver identityResolver, AgencyDirectory directory) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var caller = identityResolver.Resolve(context);
        if (!directory.IsRegistered(caller.AgencyCode))
        {
            throw new CallerRejectedException(
                StatusCode.PermissionDenied,
                ErrorReasons.CallerAgencyUnknown,
                $"Agency '{caller.AgencyCode}' is not registered with the hub.");
        }

        ExchangeContext.Of(context).Caller = caller;
        return continuation(request, context);
    }
}
