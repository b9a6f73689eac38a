using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Interop.Hub.Exchange;

namespace Interop.Hub.Interceptors;

/// <summary>
/// The one interceptor registered with gRPC: runs the hub's four in their order, the first outermost.
/// <see cref="ExchangeInterceptor"/> sees the status that <see cref="ErrorMappingInterceptor"/> produced, including
/// refusals by <see cref="CallerIdentityInterceptor"/>; <see cref="AccessInterceptor"/> runs once the caller is known.
/// </summary>
/// <remarks>
/// Registered one by one, gRPC resolves each interceptor from the request's services, wraps it in an async layer and
/// calls it through a generic virtual method on every call: a few per cent of the hub's CPU on a cache hit. Here the
/// chain for a method is built once, from the continuation gRPC passes (one per method), and reused.
/// </remarks>
public sealed class CallPipelineInterceptor(
    ExchangeInterceptor exchange,
    ErrorMappingInterceptor errorMapping,
    CallerIdentityInterceptor callerIdentity,
    AccessInterceptor access) : Interceptor
{
    /// <summary>
    /// Far more than the hub has methods: should gRPC ever pass a new continuation per call, chains are built per call
    /// beyond it rather than kept without end.
    /// </summary>
    private const int MaxChains = 4096;

    private readonly ConcurrentDictionary<Delegate, Delegate> _chains = new(ReferenceEqualityComparer.Instance);

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!_chains.TryGetValue(continuation, out var chain))
        {
            var built = HubMethods.Contains(context.Method) ? Chain(continuation) : continuation;
            chain = _chains.Count < MaxChains ? _chains.GetOrAdd(continuation, built) : built;
        }

        return ((UnaryServerMethod<TRequest, TResponse>)chain)(request, context);
    }

    private UnaryServerMethod<TRequest, TResponse> Chain<TRequest, TResponse>(UnaryServerMethod<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class
    {
        UnaryServerMethod<TRequest, TResponse> accessChecked = (request, context) => access.UnaryServerHandler(request, context, method);
        UnaryServerMethod<TRequest, TResponse> identified = (request, context) => callerIdentity.UnaryServerHandler(request, context, accessChecked);
        UnaryServerMethod<TRequest, TResponse> mapped = (request, context) => errorMapping.UnaryServerHandler(request, context, identified);
        return (request, context) => exchange.UnaryServerHandler(request, context, mapped);
    }
}
