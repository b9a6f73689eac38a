using Interop.Contributions.V1;

namespace Interop.Hub.Certificates;

/// <summary>Where issued and revoked certificates are kept: the hub's PostgreSQL database, or memory in the sandbox.</summary>
public interface ICertificateStore
{
    /// <summary>
    /// Keeps a newly issued certificate under its request key (the requesting agency and its request id), unless that
    /// request was already answered: then nothing is added and the certificate issued for it is returned.
    /// </summary>
    Task<Certificate> AddAsync(Certificate certificate, string requestKey, CancellationToken cancellationToken);

    Task<Certificate?> FindByRequestAsync(string requestKey, CancellationToken cancellationToken);

    /// <param name="id">The id of <c>certificates/{id}</c>.</param>
    Task<Certificate?> GetAsync(string id, CancellationToken cancellationToken);

    /// <param name="code">A verification code in canonical (grouped, upper-case) form.</param>
    Task<Certificate?> FindByCodeAsync(string code, CancellationToken cancellationToken);

    /// <summary>An employer's certificates, newest first, starting after the certificate <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<Certificate>> ListAsync(string registryNumber, string? afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Marks a certificate revoked; one already revoked keeps its first revocation.</summary>
    /// <returns>The certificate as it now stands, or null when there is none with that id.</returns>
    Task<Certificate?> RevokeAsync(string id, string reason, DateTimeOffset time, CancellationToken cancellationToken);
}
