using System.Buffers;
using System.IO.Pipelines;
using Interop.Ledger;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// Reads the request body through to gRPC and hashes each byte as gRPC consumes it: the digest is of the bytes
/// received, with no copy and no second serialisation of the message.
/// </summary>
internal sealed class HashingPipeReader(Sha256Hasher hash) : PipeReader
{
    private PipeReader _inner = null!;
    private ReadOnlySequence<byte> _lastRead;

    public long Bytes { get; private set; }

    public void Attach(PipeReader inner)
    {
        _inner = inner;
        _lastRead = default;
        Bytes = 0;
    }

    public void Detach()
    {
        _inner = null!;
        _lastRead = default;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var read = _inner.ReadAsync(cancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            var result = read.Result;
            _lastRead = result.Buffer;
            return new ValueTask<ReadResult>(result);
        }

        return AwaitReadAsync(read);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (_inner.TryRead(out result))
        {
            _lastRead = result.Buffer;
            return true;
        }

        return false;
    }

    public override void AdvanceTo(SequencePosition consumed)
    {
        HashConsumed(consumed);
        _inner.AdvanceTo(consumed);
    }

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        HashConsumed(consumed);
        _inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => _inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);

    private async ValueTask<ReadResult> AwaitReadAsync(ValueTask<ReadResult> read)
    {
        var result = await read.ConfigureAwait(false);
        _lastRead = result.Buffer;
        return result;
    }

    /// <summary>Each byte is consumed exactly once, whatever was merely examined before.</summary>
    private void HashConsumed(SequencePosition consumed)
    {
        var taken = _lastRead.Slice(_lastRead.Start, consumed);
        foreach (var segment in taken)
        {
            hash.Append(segment.Span);
        }

        Bytes += taken.Length;
        _lastRead = default;
    }
}
