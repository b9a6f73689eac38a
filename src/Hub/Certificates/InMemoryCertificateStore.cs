using Google.Protobuf.WellKnownTypes;
using Interop.Certificates;
using Interop.Contributions.V1;

namespace Interop.Hub.Certificates;

/// <summary>The sandbox's certificates, gone when the hub stops.</summary>
public sealed class InMemoryCertificateStore : ICertificateStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Certificate> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByRequest = new(StringComparer.Ordinal);

    public Task<Certificate> AddAsync(Certificate certificate, string requestKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_idByRequest.TryGetValue(requestKey, out var existing))
            {
                return Task.FromResult(_byId[existing].Clone());
            }

            var id = CertificateTokens.IdOf(certificate);
            _byId.Add(id, certificate.Clone());
            _idByCode.Add(certificate.VerificationCode, id);
            _idByRequest.Add(requestKey, id);
            return Task.FromResult(certificate);
        }
    }

    public Task<Certificate?> FindByRequestAsync(string requestKey, CancellationToken cancellationToken) =>
        Find(_idByRequest, requestKey);

    public Task<Certificate?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_byId.GetValueOrDefault(id)?.Clone());
        }
    }

    public Task<Certificate?> FindByCodeAsync(string code, CancellationToken cancellationToken) => Find(_idByCode, code);

    public Task<IReadOnlyList<Certificate>> ListAsync(string registryNumber, string? afterId, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<Certificate> page = [.. _byId
                .Where(c => c.Value.RegistryNumber == registryNumber && (afterId is null || string.CompareOrdinal(c.Key, afterId) < 0))
                .OrderByDescending(c => c.Key, StringComparer.Ordinal)
                .Take(limit)
                .Select(c => c.Value.Clone())];
            return Task.FromResult(page);
        }
    }

    public Task<Certificate?> RevokeAsync(string id, string reason, DateTimeOffset time, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(id, out var certificate))
            {
                return Task.FromResult<Certificate?>(null);
            }

            if (certificate.State != CertificateState.Revoked)
            {
                certificate.State = CertificateState.Revoked;
                certificate.RevokeTime = Timestamp.FromDateTimeOffset(time);
                certificate.RevocationReason = reason;
            }

            return Task.FromResult<Certificate?>(certificate.Clone());
        }
    }

    private Task<Certificate?> Find(Dictionary<string, string> index, string key)
    {
        lock (_lock)
        {
            return Task.FromResult(index.TryGetValue(key, out var id) ? _byId[id].Clone() : null);
        }
    }
}
