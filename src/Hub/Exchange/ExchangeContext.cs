using Grpc.Core;
using Interop.Hub.Identity;

namespace Interop.Hub.Exchange;

/// <summary>What the hub knows about the exchange in progress: its id, when it began, and its caller once identified.</summary>
public sealed class ExchangeContext(Guid id, DateTimeOffset startTime)
{
    public const string ResponseHeader = "x-interop-exchange-id";

    private static readonly object _key = new();

    /// <summary>The exchange id as the log stores it (a UUIDv7 carrying the start time).</summary>
    public Guid Id { get; } = id;

    /// <summary>The exchange id as callers see it: the response header, provenance, error messages.</summary>
    public string ExchangeId { get; } = id.ToString();

    public DateTimeOffset StartTime { get; } = startTime;

    /// <summary>Set by <see cref="Interceptors.CallerIdentityInterceptor"/>; a service never runs without it.</summary>
    public CallerIdentity? Caller { get; set; }

    /// <summary>
    /// Why the caller asks (a purpose code such as <c>WORK_PERMIT_APPLICATION</c>), as the caller declared it in the
    /// <c>x-interop-purpose</c> header; null when absent. Set by the access check, recorded in the exchange log.
    /// </summary>
    public string? Purpose { get; set; }

    /// <summary>The file or application number that justifies the call (<c>x-interop-case</c>); null when absent.</summary>
    public string? CaseReference { get; set; }

    /// <summary>The acting official's id (<c>x-interop-official</c>), optional; null when absent.</summary>
    public string? OfficialId { get; set; }

    /// <summary>The agency whose system the call asked, once the service knows it.</summary>
    public string? ProviderAgency { get; set; }

    /// <summary>The identifiers the call asked about (registry numbers, permit numbers, travel documents).</summary>
    public List<string> Subjects { get; } = [];

    /// <summary>
    /// Whether everything the answer rests on came from the cache (its records, or the agency's "none" of an empty
    /// list or "not registered"); null when nothing was served.
    /// </summary>
    public bool? CacheHit { get; private set; }

    public void RecordServed(bool fromCache) => CacheHit = (CacheHit ?? true) && fromCache;

    public void AttachTo(ServerCallContext context) => context.UserState[_key] = this;

    public static ExchangeContext Of(ServerCallContext context) =>
        context.UserState.TryGetValue(_key, out var value) && value is ExchangeContext exchange
            ? exchange
            : throw new InvalidOperationException("No exchange context: is ExchangeInterceptor registered?");

    /// <summary>
    /// The exchange of a call, seen from HTTP middleware around gRPC (the exchange log): grpc-dotnet keeps a call's
    /// UserState in its HttpContext.Items. Null when the call never reached the interceptors.
    /// </summary>
    public static ExchangeContext? Find(IDictionary<object, object?> httpContextItems) =>
        httpContextItems.TryGetValue(_key, out var value) ? value as ExchangeContext : null;

    public static CallerIdentity CallerOf(ServerCallContext context) =>
        Of(context).Caller ?? throw new InvalidOperationException("No caller: is CallerIdentityInterceptor registered?");
}
