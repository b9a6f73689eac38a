using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Interop.Employers.V1;
using Interop.Hub.Access;
using Interop.Hub.Exchange;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Interceptors;

/// <summary>
/// Deny by default: a call to an agency's method needs a purpose, a case reference and a grant in force for that
/// purpose, unless the caller is the providing agency. Applies the grant's rate limit and, to the answer, its field
/// mask. Runs after <see cref="CallerIdentityInterceptor"/>; on every call, so the check is a few lookups in the
/// in-memory snapshot and nothing else.
/// </summary>
/// <remarks>A singleton (registered in DI), so nothing is built per call.</remarks>
public sealed class AccessInterceptor(AccessRules rules, GrantRateLimiters rateLimiters, IOptions<LimitsOptions> limits) : Interceptor
{
    private readonly int _maxBatchSize = limits.Value.MaxBatchSize;

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!rules.Methods.TryGet(context.Method, out var method))
        {
            return continuation(request, context);
        }

        var exchange = ExchangeContext.Of(context);
        var caller = ExchangeContext.CallerOf(context);

        // Known before the agency is asked: a refused attempt on a provider's data is the provider's to see in the log.
        exchange.ProviderAgency ??= method.ProviderAgency;
        var headers = context.GetHttpContext().Request.Headers;

        // Recorded as soon as read: the exchange log keeps what a refused caller declared too.
        var purpose = exchange.Purpose = NullIfEmpty(headers[AccessHeaders.Purpose].ToString());
        var caseReference = exchange.CaseReference = NullIfEmpty(headers[AccessHeaders.CaseReference].ToString());
        var officialId = exchange.OfficialId = NullIfEmpty(headers[AccessHeaders.OfficialId].ToString());

        if (purpose is null)
        {
            throw Denied(AccessErrorReasons.PurposeMissing, $"No purpose: send the '{AccessHeaders.Purpose}' header with one of the hub's purpose codes (Directory.GetCallerAccess lists them).", method, null);
        }

        if (!rules.Purposes.Contains(purpose))
        {
            throw Denied(AccessErrorReasons.PurposeUnknown, $"'{Shorten(purpose)}' is not one of the hub's purpose codes (Directory.GetCallerAccess lists them).", method, null);
        }

        if (caseReference is null)
        {
            throw Denied(AccessErrorReasons.CaseReferenceMissing, $"No case reference: send the '{AccessHeaders.CaseReference}' header with the file or application number that justifies the call.", method, purpose);
        }

        if (!AccessHeaders.IsWellFormed(caseReference))
        {
            throw Denied(AccessErrorReasons.CaseReferenceMalformed, $"Malformed '{AccessHeaders.CaseReference}' header: expected {AccessHeaders.FormDescription}.", method, purpose);
        }

        if (officialId is not null && !AccessHeaders.IsWellFormed(officialId))
        {
            throw Denied(AccessErrorReasons.OfficialIdMalformed, $"Malformed '{AccessHeaders.OfficialId}' header: expected {AccessHeaders.FormDescription}.", method, purpose);
        }

        // An agency reads its own data without a grant.
        if (string.Equals(caller.AgencyCode, method.ProviderAgency, StringComparison.Ordinal))
        {
            return continuation(request, context);
        }

        var grant = rules.InForce.Find(caller.AgencyCode, caller.System, method.FullName, purpose, out var otherPurposes);
        if (grant is null)
        {
            throw otherPurposes
                ? Denied(AccessErrorReasons.PurposeNotGranted, $"{caller} may call {method.FullName} of {method.ProviderAgency}, but not for {purpose}.", method, purpose)
                : Denied(AccessErrorReasons.AccessNotGranted, $"{caller} has no grant from {method.ProviderAgency} to call {method.FullName}.", method, purpose);
        }

        if (grant.Grant.RateLimit is not null)
        {
            return LimitedAsync(request, context, continuation, grant, caller.System, method.FullName);
        }

        return grant.Mask is null ? continuation(request, context) : MaskedAsync(request, context, continuation, grant.Mask);
    }

    private async Task<TResponse> LimitedAsync<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation, ActiveGrant grant, string system, string method)
        where TRequest : class
        where TResponse : class
    {
        await rateLimiters.AcquireAsync(grant, system, method, RecordsAskedFor(request));
        return grant.Mask is null ? await continuation(request, context) : await MaskedAsync(request, context, continuation, grant.Mask);
    }

    /// <summary>
    /// A batch counts against the grant's rate as many calls as the names it asks for: batching must not multiply what
    /// a rate limit lets a caller read. A batch of no name or of more than Limits:MaxBatchSize counts one call, for
    /// validation to refuse.
    /// </summary>
    private int RecordsAskedFor(object request) =>
        request is BatchGetEmployersRequest batch && batch.Names.Count > 0 && batch.Names.Count <= _maxBatchSize ? batch.Names.Count : 1;

    private static async Task<TResponse> MaskedAsync<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation, RecordMask mask)
        where TRequest : class
        where TResponse : class
    {
        var response = await continuation(request, context);
        return response is IMessage message ? (TResponse)mask.Apply(message) : response;
    }

    private static AccessDeniedException Denied(string reason, string message, GrantableMethod method, string? purpose) =>
        purpose is null
            ? new(reason, message, ("method", method.FullName), ("provider", method.ProviderAgency))
            : new(reason, message, ("method", method.FullName), ("provider", method.ProviderAgency), ("purpose", purpose));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>An unknown value is quoted back, but not at any length.</summary>
    private static string Shorten(string value) => value.Length <= AccessHeaders.MaxLength ? value : value[..AccessHeaders.MaxLength] + "...";
}
