using System.IO.Pipelines;
using System.Security.Cryptography;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// Lets gRPC write the response body straight into the server's buffers and hashes each byte as it is committed
/// (<see cref="Advance"/>): the digest is of the bytes sent, computed without copying them.
/// </summary>
internal sealed class HashingPipeWriter(IncrementalHash hash) : PipeWriter
{
    private PipeWriter _inner = null!;
    private Memory<byte> _lastBuffer;

    public long Bytes { get; private set; }

    public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => _inner.UnflushedBytes;

    public void Attach(PipeWriter inner)
    {
        _inner = inner;
        _lastBuffer = default;
        Bytes = 0;
    }

    public void Detach()
    {
        _inner = null!;
        _lastBuffer = default;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _lastBuffer = _inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        hash.AppendData(_lastBuffer.Span[..bytes]);
        Bytes += bytes;
        _lastBuffer = _lastBuffer[bytes..];
        _inner.Advance(bytes);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => _inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
}
