using System.Threading.RateLimiting;
using Interop.Hub.Caching;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Certificates;

/// <summary>
/// Verification-code lookups per calling system per minute: with 95 random bits guessing is hopeless anyway, and the
/// limit keeps anyone from trying.
/// </summary>
public sealed class LookupLimiter(IOptions<CertificateOptions> options, SharedTokenBuckets shared) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(caller =>
        RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.CodeLookupsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>
    /// One lookup for <paramref name="caller"/>: from a bucket in Redis shared by every hub instance (the minute's allowance,
    /// refilled evenly), or from this instance's own window while Redis cannot answer.
    /// </summary>
    public async ValueTask AcquireAsync(string caller)
    {
        var perMinute = options.Value.CodeLookupsPerMinute;
        switch (await shared.TryTakeAsync(string.Concat("lookup:", caller), perMinute / 60.0, perMinute))
        {
            case null:
                Acquire(caller);
                break;
            case { Taken: false } refused:
                throw CertificateErrors.TooManyLookups(refused.RetryAfter);
        }
    }

    private void Acquire(string caller)
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
