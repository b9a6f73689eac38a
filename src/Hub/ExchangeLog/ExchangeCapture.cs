using System.IO.Pipelines;
using Interop.Ledger;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.ObjectPool;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// What one call's request body looked like on the wire: it stands in for the request body feature for the
/// duration of the call and hashes the bytes as gRPC reads them. Pooled with its hash, so a call costs no
/// hashing objects.
/// </summary>
/// <remarks>
/// The response is not captured here: standing in for Kestrel's response body feature cost about a third of the
/// hub's throughput (measured with bench/: 31k against 45k calls/s), so <see cref="ResponseDigest"/> hashes the
/// framed answer once, where the answer is at hand.
/// </remarks>
internal sealed class ExchangeCapture : IRequestBodyPipeFeature, IDisposable
{
    private readonly Sha256Hasher _requestHash = new();
    private readonly HashingPipeReader _reader;
    private IRequestBodyPipeFeature? _requestBody;

    public ExchangeCapture()
    {
        _reader = new HashingPipeReader(_requestHash);
    }

    public PipeReader Reader => _reader;

    public long RequestBytes => _reader.Bytes;

    public void Attach(HttpContext context)
    {
        _reader.Attach(context.Request.BodyReader);
        _requestBody = context.Features.Get<IRequestBodyPipeFeature>();
        context.Features.Set<IRequestBodyPipeFeature>(this);
    }

    /// <summary>Puts the server's own feature back and finishes the digest (which resets the hash for reuse).</summary>
    public void Detach(HttpContext context, out Sha256Digest requestDigest)
    {
        context.Features.Set(_requestBody);
        _reader.Detach();
        _requestBody = null;
        requestDigest = default;
        _requestHash.GetHashAndReset(requestDigest);
    }

    public void Dispose() => _requestHash.Dispose();

    /// <summary>Captures come back detached, with hashes reset; nothing to clean.</summary>
    internal sealed class Policy : PooledObjectPolicy<ExchangeCapture>
    {
        public override ExchangeCapture Create() => new();

        public override bool Return(ExchangeCapture capture) => true;
    }
}
