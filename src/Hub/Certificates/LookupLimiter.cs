using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Certificates;

/// <summary>
/// Verification-code lookups per calling system per minute: with 95 random bits guessing is hopeless anyway, and the
/// limit keeps anyone from trying.
/// </summary>
public sealed class LookupLimiter(IOptions<CertificateOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(caller =>
        RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.CodeLookupsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <exception cref="Grpc.Core.RpcException">RESOURCE_EXHAUSTED with RetryInfo once the caller's lookups are used up.</exception>
    public void Acquire(string caller)
    {
        using var lease = _limiter.AttemptAcquire(caller);
        if (!lease.IsAcquired)
        {
            throw CertificateErrors.TooManyLookups(
                lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1));
        }
    }

    public void Dispose() => _limiter.Dispose();
}
