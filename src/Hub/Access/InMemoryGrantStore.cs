namespace Interop.Hub.Access;

/// <summary>The sandbox's grants: in memory, in force on this instance (the only one) as soon as they change.</summary>
public sealed class InMemoryGrantStore(AccessRules rules) : IGrantStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, Grant> _grants = new(StringComparer.Ordinal);
    private long _version;

    public Task InitializeAsync(IReadOnlyList<Grant> preload, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var grant in preload)
            {
                _grants.TryAdd(grant.Id, grant);
            }

            Changed();
        }

        return Task.CompletedTask;
    }

    public Task<(IReadOnlyList<Grant> Grants, long Version)> LoadAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<(IReadOnlyList<Grant>, long)>(([.. _grants.Values], _version));
        }
    }

    public Task CreateAsync(Grant grant, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_grants.TryAdd(grant.Id, grant))
            {
                throw new ResourceExistsException(AccessErrorReasons.GrantExists, "grant", grant.Name);
            }

            Changed();
        }

        return Task.CompletedTask;
    }

    public Task<Grant?> FindAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_grants.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<Grant>> ListAsync(string? agency, bool includeRevoked, string? afterId, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<Grant> page =
            [
                .. _grants.Values
                    .Where(g => afterId is null || string.CompareOrdinal(g.Id, afterId) > 0)
                    .Where(g => includeRevoked || g.IsActive)
                    .Where(g => agency is null || g.ProviderAgency == agency || g.ConsumerAgency == agency)
                    .Take(limit),
            ];
            return Task.FromResult(page);
        }
    }

    public Task<Grant?> RevokeAsync(string id, DateTimeOffset time, string reason, string revoker, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_grants.TryGetValue(id, out var grant))
            {
                return Task.FromResult<Grant?>(null);
            }

            if (!grant.IsActive)
            {
                throw GrantStores.AlreadyRevoked(grant);
            }

            var revoked = grant with { RevokeTime = time, RevokeReason = reason, Revoker = revoker };
            _grants[id] = revoked;
            Changed();
            return Task.FromResult<Grant?>(revoked);
        }
    }

    private void Changed() => rules.Publish([.. _grants.Values], ++_version);
}

/// <summary>What both stores answer alike.</summary>
internal static class GrantStores
{
    public static PreconditionFailedException AlreadyRevoked(Grant grant) => new(
        AccessErrorReasons.GrantRevoked,
        grant.Name,
        $"{grant.Name} was revoked on {grant.RevokeTime:yyyy-MM-dd HH:mm:ss} UTC by {grant.Revoker}; create a new grant instead.");
}
