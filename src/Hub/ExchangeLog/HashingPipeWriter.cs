using System.IO.Pipelines;
using Interop.Ledger;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// Passes the response body through to the server and hashes each byte as gRPC commits it: the digest is of the
/// bytes sent (the length-prefixed frame), with no copy and no second serialisation of the answer.
/// </summary>
internal sealed class HashingPipeWriter(Sha256Hasher hash) : PipeWriter
{
    private PipeWriter _inner = null!;
    private Memory<byte> _lent;

    public long Bytes { get; private set; }

    public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => _inner.UnflushedBytes;

    public void Attach(PipeWriter inner)
    {
        _inner = inner;
        _lent = default;
        Bytes = 0;
    }

    public void Detach()
    {
        _inner = null!;
        _lent = default;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _lent = _inner.GetMemory(sizeHint);

    /// <summary>A span cannot be kept for <see cref="Advance"/>: lend memory, which can.</summary>
    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        hash.Append(_lent.Span[..bytes]);
        Bytes += bytes;
        _lent = default;
        _inner.Advance(bytes);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => _inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
}
