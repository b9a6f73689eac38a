using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Interop.Hub.Access;
using Interop.Hub.Agencies;
using Interop.Hub.Caching;
using Interop.Hub.Errors;
using Interop.Hub.Exchange;
using Interop.Hub.V1;
using Interop.Hub.Validation;
using Interop.Ports;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Services;

/// <summary>
/// Purges an agency's cached answers on every instance, for changes its change feed did not announce. The agency
/// itself or the hub's operator agency may; every purge is logged with who asked and why.
/// </summary>
internal sealed partial class CacheAdminService(
    HubCache cache,
    AgencyDirectory directory,
    IOptions<AccessOptions> access,
    TimeProvider timeProvider,
    ILogger<CacheAdminService> logger) : CacheAdmin.CacheAdminBase
{
    private const string AgencyPrefix = "agencies/";

    private readonly string _operator = access.Value.OperatorAgency;

    public override async Task<PurgeAgencyCacheResponse> PurgeAgencyCache(PurgeAgencyCacheRequest request, ServerCallContext context)
    {
        var caller = ExchangeContext.CallerOf(context);
        var agency = request.Name.StartsWith(AgencyPrefix, StringComparison.Ordinal) && AgencyCode().IsMatch(request.Name.AsSpan(AgencyPrefix.Length))
            ? request.Name[AgencyPrefix.Length..]
            : throw RequestValidationException.ForField("name", $"must be agencies/{{code}}, the code 2-10 of A-Z and 0-9, e.g. agencies/{AgencyCodes.CommercialRegistry}");
        var reason = FreeText.Reason("reason", request.Reason, "the cache is purged");
        if (!directory.IsRegistered(agency))
        {
            throw new ResourceNotFoundException("agency", request.Name);
        }

        // The agency sees in its exchange log who purged its answers, or tried to.
        var exchange = ExchangeContext.Of(context);
        exchange.ProviderAgency = agency;

        if (caller.AgencyCode != agency && caller.AgencyCode != _operator)
        {
            throw new AccessDeniedException(
                AccessErrorReasons.CachePurgeNotAllowed,
                $"{caller.AgencyCode} may not purge the cached answers of {agency}: only {agency} or the hub's operator may.",
                ("agency", agency));
        }

        if (!HubCache.Agencies.Contains(agency))
        {
            throw RequestValidationException.ForField(
                "name", $"the hub caches no answer of {agency}: it caches those of {string.Join(", ", HubCache.Agencies)}");
        }

        var purgeTime = timeProvider.GetUtcNow();
        var scope = await cache.BumpEpochAsync(agency) ? PurgeScope.EveryInstance
            : cache.HasSecondLevel ? PurgeScope.PendingRedis
            : PurgeScope.ThisInstance;
        LogPurged(logger, agency, caller.ToString(), exchange.ExchangeId, reason, scope);
        return new PurgeAgencyCacheResponse { PurgeTime = Timestamp.FromDateTimeOffset(purgeTime), Scope = scope };
    }

    [GeneratedRegex(@"^[A-Z0-9]{2,10}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AgencyCode();

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning,
        Message = "Cached answers of {Agency} purged by {Caller} (exchange {ExchangeId}), reaching {Scope}: {Reason}")]
    private static partial void LogPurged(ILogger logger, string agency, string caller, string exchangeId, string reason, PurgeScope scope);
}
