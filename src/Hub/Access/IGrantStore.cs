namespace Interop.Hub.Access;

/// <summary>Where the grants are kept: the hub's PostgreSQL database, or memory in the sandbox.</summary>
public interface IGrantStore
{
    /// <summary>Prepares the store (its table) and adds <paramref name="preload"/> grants whose id it does not hold yet.</summary>
    Task InitializeAsync(IReadOnlyList<Grant> preload, CancellationToken cancellationToken);

    /// <summary>Every grant, revoked ones included, and the store's version.</summary>
    Task<(IReadOnlyList<Grant> Grants, long Version)> LoadAsync(CancellationToken cancellationToken);

    /// <exception cref="ResourceExistsException">A grant with that id exists, revoked or not.</exception>
    Task CreateAsync(Grant grant, CancellationToken cancellationToken);

    Task<Grant?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Grants ordered by id, after <paramref name="afterId"/>, where <paramref name="agency"/> is provider or consumer
    /// (every grant when null).
    /// </summary>
    Task<IReadOnlyList<Grant>> ListAsync(string? agency, bool includeRevoked, string? afterId, int limit, CancellationToken cancellationToken);

    /// <returns>The revoked grant; null when it does not exist.</returns>
    /// <exception cref="PreconditionFailedException">It is revoked already.</exception>
    Task<Grant?> RevokeAsync(string id, DateTimeOffset time, string reason, string revoker, CancellationToken cancellationToken);
}
