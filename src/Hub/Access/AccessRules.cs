using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Access;

/// <summary>The access snapshot this instance enforces, swapped atomically when the grants change.</summary>
public sealed partial class AccessRules(GrantableMethods methods, IOptions<AccessOptions> options, ILogger<AccessRules> logger)
{
    private AccessSnapshot _current = AccessSnapshot.Empty;
    private bool _loaded;

    /// <summary>Raised after a new snapshot is in force (e.g. to drop the rate limiters of revoked grants).</summary>
    public event Action<AccessSnapshot>? Changed;

    public AccessSnapshot Current => Volatile.Read(ref _current);

    /// <summary>False until the grants have been read once: until then no grant can be told from none.</summary>
    public bool Loaded => Volatile.Read(ref _loaded);

    /// <summary>The grants to decide by; refused (UNAVAILABLE, to retry) until they have been read once.</summary>
    /// <exception cref="AccessGrantsUnavailableException">Not <see cref="Loaded"/> yet.</exception>
    public AccessSnapshot InForce => Loaded ? Current : throw new AccessGrantsUnavailableException();

    /// <summary>Whether the grants of <paramref name="version"/> are the ones in force.</summary>
    public bool Holds(long version) => Loaded && Current.Version == version;

    public GrantableMethods Methods { get; } = methods;

    /// <summary>The purpose codes callers may declare.</summary>
    public FrozenSet<string> Purposes { get; } = options.Value.EffectivePurposes.ToFrozenSet(StringComparer.Ordinal);

    public void Publish(IEnumerable<Grant> grants, long version)
    {
        var snapshot = AccessSnapshot.Build(grants, version, Methods);
        Volatile.Write(ref _current, snapshot);
        Volatile.Write(ref _loaded, true);
        LogReloaded(logger, snapshot.Grants.Count, version);
        Changed?.Invoke(snapshot);
    }

    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "Access grants in force: {Count} (version {Version})")]
    private static partial void LogReloaded(ILogger logger, int count, long version);
}
