using System.Collections.Frozen;

namespace Interop.Hub.Access;

/// <summary>
/// The grants in force, indexed for the per-call check: one dictionary lookup by consumer agency and method, then
/// a scan of the few grants found. Immutable: a change builds a new snapshot and swaps it in whole.
/// </summary>
public sealed class AccessSnapshot
{
    public static readonly AccessSnapshot Empty = new([], 0, FrozenDictionary<(string, string), ActiveGrant[]>.Empty);

    private readonly FrozenDictionary<(string Agency, string Method), ActiveGrant[]> _byConsumer;

    private AccessSnapshot(IReadOnlyList<ActiveGrant> grants, long version, FrozenDictionary<(string, string), ActiveGrant[]> byConsumer)
    {
        Grants = grants;
        Version = version;
        _byConsumer = byConsumer;
    }

    /// <summary>The active grants, by grant id.</summary>
    public IReadOnlyList<ActiveGrant> Grants { get; }

    /// <summary>The store's version the snapshot was loaded at (the highest change number in the hub database).</summary>
    public long Version { get; }

    public static AccessSnapshot Build(IEnumerable<Grant> grants, long version, GrantableMethods methods)
    {
        var active = grants
            .Where(g => g.IsActive)
            .OrderBy(g => g.Id, StringComparer.Ordinal)
            .Select(g => ActiveGrant.Create(g, methods))
            .ToList();
        var byConsumer = active
            .SelectMany(grant => grant.Methods.Select(method => (Key: (grant.Grant.ConsumerAgency, method.FullName), Grant: grant)))
            .GroupBy(entry => entry.Key)
            .ToFrozenDictionary(
                group => group.Key,
                // A grant to the calling system is preferred to one for the whole agency: it may be narrower on purpose.
                group => group.Select(entry => entry.Grant).OrderBy(g => g.Grant.ConsumerSystem is null ? 1 : 0).ToArray());
        return new AccessSnapshot(active, version, byConsumer);
    }

    /// <summary>
    /// The grant that allows <paramref name="system"/> of <paramref name="agency"/> to call <paramref name="method"/> for
    /// <paramref name="purpose"/>, or null with whether any grant lets the caller call the method at all (for another purpose).
    /// </summary>
    public ActiveGrant? Find(string agency, string system, string method, string purpose, out bool grantedForOtherPurposes)
    {
        grantedForOtherPurposes = false;
        if (!_byConsumer.TryGetValue((agency, method), out var candidates))
        {
            return null;
        }

        foreach (var candidate in candidates)
        {
            if (candidate.Grant.ConsumerSystem is { } only && !string.Equals(only, system, StringComparison.Ordinal))
            {
                continue;
            }

            if (candidate.Purposes is null || candidate.Purposes.Contains(purpose))
            {
                return candidate;
            }

            grantedForOtherPurposes = true;
        }

        return null;
    }
}

/// <summary>A grant in force, with what the per-call check needs prepared once.</summary>
public sealed class ActiveGrant
{
    private ActiveGrant(Grant grant, IReadOnlyList<GrantableMethod> methods, FrozenSet<string>? purposes, RecordMask? mask)
    {
        Grant = grant;
        Methods = methods;
        Purposes = purposes;
        Mask = mask;
    }

    public Grant Grant { get; }

    /// <summary>The methods the grant covers.</summary>
    public IReadOnlyList<GrantableMethod> Methods { get; }

    /// <summary>Null for any purpose.</summary>
    public FrozenSet<string>? Purposes { get; }

    /// <summary>Null for whole records.</summary>
    public RecordMask? Mask { get; }

    public static ActiveGrant Create(Grant grant, GrantableMethods methods)
    {
        var covered = methods.Covered(grant.Service, grant.Method).ToList();
        var record = covered.Select(m => m.Record).FirstOrDefault(r => r is not null);
        var mask = grant.FieldMask.Count == 0 || record is null
            ? null
            : RecordMask.Create(record, grant.FieldMask, covered.Select(m => m.Output).OfType<Google.Protobuf.Reflection.MessageDescriptor>());
        var purposes = grant.Purposes.Count == 0 ? null : grant.Purposes.ToFrozenSet(StringComparer.Ordinal);
        return new ActiveGrant(grant, covered, purposes, mask);
    }
}
