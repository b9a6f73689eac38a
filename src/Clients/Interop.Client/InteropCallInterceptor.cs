using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Interop.Client;

/// <summary>
/// Gives every outgoing call the caller identity, purpose, case reference and official id headers that the options
/// set and the call does not, and, when the call sets no deadline of its own, the default deadline, so application
/// code never repeats them.
/// </summary>
public sealed class InteropCallInterceptor : Interceptor
{
    private readonly (string Name, string Value)[] _headers;
    private readonly TimeSpan _defaultDeadline;
    private readonly TimeProvider _timeProvider;

    public InteropCallInterceptor(InteropClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _headers =
        [
            .. new (string Name, string? Value)[]
            {
                (InteropClientOptions.CallerHeader, options.Caller),
                (InteropClientOptions.PurposeHeader, options.Purpose),
                (InteropClientOptions.CaseReferenceHeader, options.CaseReference),
                (InteropClientOptions.OfficialIdHeader, options.OfficialId),
            }
            .Where(header => header.Value is not null)
            .Select(header => (header.Name, header.Value!)),
        ];
        _defaultDeadline = options.DefaultDeadline;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDefaults(context));

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDefaults(context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDefaults(context));

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithDefaults(context));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithDefaults(context));

    private ClientInterceptorContext<TRequest, TResponse> WithDefaults<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        var options = context.Options;
        if (options.Deadline is null)
        {
            options = options.WithDeadline(_timeProvider.GetUtcNow().UtcDateTime + _defaultDeadline);
        }

        if (_headers.Any(header => options.Headers?.Get(header.Name) is null))
        {
            // A copy: the caller's Metadata instance may be reused for other calls. Per-call headers win.
            var headers = new Metadata();
            foreach (var entry in options.Headers ?? [])
            {
                headers.Add(entry);
            }

            foreach (var (name, value) in _headers)
            {
                if (headers.Get(name) is null)
                {
                    headers.Add(name, value);
                }
            }

            options = options.WithHeaders(headers);
        }

        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options);
    }
}
