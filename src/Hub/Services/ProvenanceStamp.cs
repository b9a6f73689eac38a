using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Interop.Hub.Exchange;
using Interop.Ports;
using Interop.Type.V1;

namespace Interop.Hub.Services;

/// <summary>Builds the provenance every answer carries, and tells the exchange what was served.</summary>
public sealed class ProvenanceStamp(TimeProvider timeProvider)
{
    public Provenance For<T>(ServerCallContext context, string providerAgency, Sourced<T> sourced)
        where T : class
    {
        var now = timeProvider.GetUtcNow();
        var fetched = sourced.CachedAt ?? now;
        ExchangeContext.Of(context).RecordServed(sourced.FromCache);
        return new Provenance
        {
            ProviderAgency = providerAgency,
            SourceUpdateTime = Timestamp.FromDateTimeOffset(sourced.SourceUpdateTime),
            FetchTime = Timestamp.FromDateTimeOffset(fetched),
            ExchangeId = ExchangeContext.Of(context).ExchangeId,
            FromCache = sourced.FromCache,
            CacheAge = Duration.FromTimeSpan(sourced.FromCache ? now - fetched : TimeSpan.Zero),
        };
    }

    /// <summary>Provenance of a list: the latest change among its records, the oldest fetch.</summary>
    /// <param name="cachedAt">
    /// When the cache fetched the list, null when the agency answered this call (see
    /// <see cref="Agencies.AgencyGateway.CallWithCacheTimeAsync"/>): an empty list has no record to tell.
    /// </param>
    public Provenance ForList<T>(
        ServerCallContext context, string providerAgency, IReadOnlyList<Sourced<T>> records, DateTimeOffset? cachedAt)
        where T : class
    {
        if (records.Count == 0)
        {
            return ForNoRecord(context, providerAgency, cachedAt);
        }

        var oldest = records.MinBy(r => r.CachedAt ?? DateTimeOffset.MaxValue);
        var provenance = For(context, providerAgency, oldest with { SourceUpdateTime = records.Max(r => r.SourceUpdateTime) });
        foreach (var record in records)
        {
            ExchangeContext.Of(context).RecordServed(record.FromCache);
        }

        provenance.FromCache = records.All(r => r.FromCache);
        return provenance;
    }

    /// <summary>Provenance of an answer that holds no record of the agency's (an empty list, "not registered").</summary>
    /// <param name="cachedAt">When the cache fetched the answer; null when the agency answered this call.</param>
    public Provenance ForNoRecord(ServerCallContext context, string providerAgency, DateTimeOffset? cachedAt)
    {
        var now = timeProvider.GetUtcNow();
        // A remembered "nothing" is served from the cache as much as a remembered record: the exchange log says so too.
        ExchangeContext.Of(context).RecordServed(cachedAt is not null);
        return new Provenance
        {
            ProviderAgency = providerAgency,
            FetchTime = Timestamp.FromDateTimeOffset(cachedAt ?? now),
            ExchangeId = ExchangeContext.Of(context).ExchangeId,
            FromCache = cachedAt is not null,
            CacheAge = Duration.FromTimeSpan(cachedAt is { } fetched ? now - fetched : TimeSpan.Zero),
        };
    }
}
