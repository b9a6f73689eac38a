namespace Interop.Ports;

/// <summary>A record as an agency's system returned it, with when it last changed there.</summary>
/// <param name="CachedAt">
/// When the hub fetched the record from the agency, if this copy came from the hub's cache; null when the
/// agency's system answered this very call.
/// </param>
public readonly record struct Sourced<T>(T Record, DateTimeOffset SourceUpdateTime, DateTimeOffset? CachedAt = null)
    where T : class
{
    public bool FromCache => CachedAt is not null;
}
