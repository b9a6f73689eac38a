namespace Interop.Hub.Access;

/// <summary>
/// A provider's permission for a consumer (an agency, or one system of it) to call a service or one of its methods,
/// for some purposes (any when empty), seeing some fields of the record (all when <see cref="FieldMask"/> is empty).
/// </summary>
public sealed record Grant(
    string Id,
    string ProviderAgency,
    string ConsumerAgency,
    string? ConsumerSystem,
    string Service,
    string? Method,
    IReadOnlyList<string> Purposes,
    IReadOnlyList<string> FieldMask,
    GrantRateLimit? RateLimit,
    DateTimeOffset CreateTime,
    string Creator)
{
    public const string CollectionPrefix = "grants/";

    public DateTimeOffset? RevokeTime { get; init; }

    public string? RevokeReason { get; init; }

    public string? Revoker { get; init; }

    public bool IsActive => RevokeTime is null;

    public string Name => CollectionPrefix + Id;
}

/// <summary>A token bucket: <see cref="RequestsPerSecond"/> sustained, up to <see cref="Burst"/> at once.</summary>
public readonly record struct GrantRateLimit(int RequestsPerSecond, int Burst);
