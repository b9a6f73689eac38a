using Google.Protobuf.WellKnownTypes;
using Interop.Hub.V1;

namespace Interop.Hub.Access;

/// <summary>Grants as the AccessAdmin and Directory services answer them.</summary>
public static class GrantMessages
{
    public static V1.Grant ToMessage(Grant grant)
    {
        var message = new V1.Grant
        {
            Name = grant.Name,
            ProviderAgency = grant.ProviderAgency,
            ConsumerAgency = grant.ConsumerAgency,
            ConsumerSystem = grant.ConsumerSystem ?? "",
            Service = grant.Service,
            Method = grant.Method ?? "",
            Purposes = { grant.Purposes },
            FieldMask = ToFieldMask(grant.FieldMask),
            RateLimit = ToMessage(grant.RateLimit),
            CreateTime = Timestamp.FromDateTimeOffset(grant.CreateTime),
            Creator = grant.Creator,
            RevokeReason = grant.RevokeReason ?? "",
            Revoker = grant.Revoker ?? "",
            State = grant.IsActive ? GrantState.Active : GrantState.Revoked,
        };
        if (grant.RevokeTime is { } revoked)
        {
            message.RevokeTime = Timestamp.FromDateTimeOffset(revoked);
        }

        return message;
    }

    public static FieldMask? ToFieldMask(IReadOnlyList<string> paths) => paths.Count == 0 ? null : new FieldMask { Paths = { paths } };

    public static RateLimit? ToMessage(GrantRateLimit? limit) =>
        limit is { } l ? new RateLimit { RequestsPerSecond = l.RequestsPerSecond, Burst = l.Burst } : null;
}
