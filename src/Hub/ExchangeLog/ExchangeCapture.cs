using System.IO.Pipelines;
using Interop.Ledger;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.ObjectPool;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// What one call looked like on the wire: it stands in for the request and response body features for the duration
/// of the call and hashes the bytes as gRPC reads the request and writes the answer. Pooled with its hashes, so a
/// call costs no hashing objects.
/// </summary>
/// <remarks>
/// Only the pipe writer is hashed: gRPC writes answers through it, never through <see cref="Stream"/>.
/// </remarks>
internal sealed class ExchangeCapture : IRequestBodyPipeFeature, IHttpResponseBodyFeature, IDisposable
{
    private readonly Sha256Hasher _requestHash = new();
    private readonly Sha256Hasher _responseHash = new();
    private readonly HashingPipeReader _reader;
    private readonly HashingPipeWriter _writer;
    private IRequestBodyPipeFeature? _requestBody;
    private IHttpResponseBodyFeature _responseBody = null!;

    public ExchangeCapture()
    {
        _reader = new HashingPipeReader(_requestHash);
        _writer = new HashingPipeWriter(_responseHash);
    }

    public PipeReader Reader => _reader;

    public PipeWriter Writer => _writer;

    public Stream Stream => _responseBody.Stream;

    public long RequestBytes => _reader.Bytes;

    public long ResponseBytes => _writer.Bytes;

    public void Attach(HttpContext context)
    {
        _reader.Attach(context.Request.BodyReader);
        _requestBody = context.Features.Get<IRequestBodyPipeFeature>();
        context.Features.Set<IRequestBodyPipeFeature>(this);
        _responseBody = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        _writer.Attach(_responseBody.Writer);
        context.Features.Set<IHttpResponseBodyFeature>(this);
    }

    /// <summary>Puts the server's own features back and finishes the digests (which resets the hashes for reuse).</summary>
    public void Detach(HttpContext context, out Sha256Digest requestDigest, out Sha256Digest responseDigest)
    {
        context.Features.Set(_requestBody);
        context.Features.Set(_responseBody);
        _reader.Detach();
        _writer.Detach();
        _requestBody = null;
        _responseBody = null!;
        requestDigest = default;
        _requestHash.GetHashAndReset(requestDigest);
        responseDigest = default;
        _responseHash.GetHashAndReset(responseDigest);
    }

    public void DisableBuffering() => _responseBody.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => _responseBody.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        _responseBody.SendFileAsync(path, offset, count, cancellationToken);

    public Task CompleteAsync() => _responseBody.CompleteAsync();

    public void Dispose()
    {
        _requestHash.Dispose();
        _responseHash.Dispose();
    }

    /// <summary>Captures come back detached, with hashes reset; nothing to clean.</summary>
    internal sealed class Policy : PooledObjectPolicy<ExchangeCapture>
    {
        public override ExchangeCapture Create() => new();

        public override bool Return(ExchangeCapture capture) => true;
    }
}
