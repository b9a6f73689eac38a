using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Interop.Ledger;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// The SHA-256 and size of an answer as it crosses the wire: the gRPC length-prefixed frame (uncompressed flag,
/// four-byte big-endian length, message), the same bytes the request digest covers on its side.
/// </summary>
public static class ResponseDigest
{
    private const int PrefixLength = 5;

    /// <summary>Digest of "no answer" (a refused or failed call).</summary>
    public static readonly Sha256Digest Empty = Of([]);

    public static (Sha256Digest Digest, long Bytes) Of(IMessage message)
    {
        var size = message.CalculateSize();
        var buffer = ArrayPool<byte>.Shared.Rent(PrefixLength + size);
        try
        {
            var frame = buffer.AsSpan(0, PrefixLength + size);
            frame[0] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(frame[1..PrefixLength], (uint)size);
            message.WriteTo(frame[PrefixLength..]);
            return (Of(frame), frame.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Sha256Digest Of(ReadOnlySpan<byte> bytes)
    {
        var digest = default(Sha256Digest);
        Sha256.HashData(bytes, digest);
        return digest;
    }
}
