using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Interop.Hub.Exchange;
using Interop.Type.V1;

namespace Interop.Hub.Services;

/// <summary>Builds the provenance every answer carries.</summary>
public sealed class ProvenanceStamp(TimeProvider timeProvider)
{
    public Provenance Create(ServerCallContext context, string providerAgency, DateTimeOffset? sourceUpdateTime) => new()
    {
        ProviderAgency = providerAgency,
        SourceUpdateTime = sourceUpdateTime is { } updated ? Timestamp.FromDateTimeOffset(updated) : null,
        FetchTime = Timestamp.FromDateTimeOffset(timeProvider.GetUtcNow()),
        ExchangeId = ExchangeContext.Of(context).ExchangeId,
        FromCache = false,
    };
}
