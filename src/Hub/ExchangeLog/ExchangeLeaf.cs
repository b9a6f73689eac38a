using System.Text;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// The canonical bytes of a record, the leaf of the log's Merkle tree: exactly what Google.Protobuf writes for the
/// <see cref="Interop.Hub.V1.Exchange"/> message GetExchange answers (fields in field-number order, default values
/// omitted), so anyone can parse a receipt's leaf, and re-serialise an Exchange to compare. Written by hand, straight
/// into the writer's buffer: building an Exchange per record would cost the writer thread a dozen allocations.
/// </summary>
public static class ExchangeLeaf
{
    private const int WireVarint = 0;
    private const int WireLengthDelimited = 2;
    private const int GuidChars = 36;

    /// <summary>Strings this short (3 UTF-8 bytes per UTF-16 char at most) have a one-byte length prefix.</summary>
    private const int MaxOneByteLengthChars = 127 / 3;

    private static ReadOnlySpan<byte> NamePrefix => "exchanges/"u8;

    /// <summary>At least the size of the record's leaf (an upper bound, cheap to compute).</summary>
    public static int MaxSize(in ExchangeRecord record)
    {
        var size = 256 + MaxStringSize(record.CallerAgency) + MaxStringSize(record.CallerSystem) + MaxStringSize(record.ProviderAgency)
            + MaxStringSize(record.Method) + MaxStringSize(record.Purpose) + MaxStringSize(record.CaseReference)
            + MaxStringSize(record.OfficialId);
        var subjects = record.SubjectIds;
        for (var i = 0; i < subjects.Count; i++)
        {
            size += MaxStringSize(subjects[i]);
        }

        return size;
    }

    public static byte[] ToArray(in ExchangeRecord record)
    {
        var buffer = new byte[MaxSize(record)];
        return buffer.AsSpan(0, Write(record, buffer)).ToArray();
    }

    /// <returns>How many bytes were written; <paramref name="destination"/> holds at least <see cref="MaxSize"/>.</returns>
    public static int Write(in ExchangeRecord record, Span<byte> destination)
    {
        var w = new Writer(destination);
        Span<byte> id = stackalloc byte[GuidChars];
        record.ExchangeId.TryFormat(id, out _, "D");

        w.Tag(1, WireLengthDelimited);
        w.Varint((ulong)(NamePrefix.Length + GuidChars));
        w.Raw(NamePrefix);
        w.Raw(id);
        w.Tag(2, WireLengthDelimited);
        w.Varint(GuidChars);
        w.Raw(id);

        var sinceEpoch = record.StartTime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        w.SecondsAndNanos(3, Math.DivRem(sinceEpoch, TimeSpan.TicksPerSecond, out var startTicks), (int)startTicks * 100);

        w.String(4, record.CallerAgency);
        w.String(5, record.CallerSystem);
        w.String(6, record.ProviderAgency);
        w.String(7, record.Method);
        // Indexed, not foreach: enumerating an IReadOnlyList<string> would box its enumerator for every record.
        var subjects = record.SubjectIds;
        for (var i = 0; i < subjects.Count; i++)
        {
            w.Tag(8, WireLengthDelimited);
            w.StringValue(subjects[i]);
        }

        w.Int(9, (long)record.StatusCode);
        w.SecondsAndNanos(10, Math.DivRem(record.Latency.Ticks, TimeSpan.TicksPerSecond, out var latencyTicks), (int)latencyTicks * 100);
        w.Int(11, record.CacheHit ? 1 : 0);
        w.Int(12, record.RequestBytes);
        w.Int(13, record.ResponseBytes);
        w.Digest(14, record.RequestSha256);
        w.Digest(15, record.ResponseSha256);
        w.String(16, record.Purpose);
        w.String(17, record.CaseReference);
        w.String(18, record.OfficialId);
        return w.Position;
    }

    private static int MaxStringSize(string? value) => 8 + Encoding.UTF8.GetMaxByteCount(value?.Length ?? 0);

    private ref struct Writer(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Position { get; private set; }

        public void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

        public void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer[Position++] = (byte)(value | 0x80);
                value >>= 7;
            }

            _buffer[Position++] = (byte)value;
        }

        public void Raw(scoped ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer[Position..]);
            Position += bytes.Length;
        }

        /// <summary>A scalar (int32, int64, enum, bool) as protobuf writes it: omitted when zero, negatives in ten bytes.</summary>
        public void Int(int field, long value)
        {
            if (value != 0)
            {
                Tag(field, WireVarint);
                Varint((ulong)value);
            }
        }

        public void String(int field, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                Tag(field, WireLengthDelimited);
                StringValue(value);
            }
        }

        public void StringValue(string? value)
        {
            var text = value ?? string.Empty;
            if (text.Length <= MaxOneByteLengthChars)
            {
                // At most 127 bytes of UTF-8: the length takes one byte, written after the text, in one pass over it.
                var lengthAt = Position++;
                var written = Encoding.UTF8.GetBytes(text, _buffer[Position..]);
                _buffer[lengthAt] = (byte)written;
                Position += written;
                return;
            }

            Varint((ulong)Encoding.UTF8.GetByteCount(text));
            Position += Encoding.UTF8.GetBytes(text, _buffer[Position..]);
        }

        public void Digest(int field, in Sha256Digest digest)
        {
            Tag(field, WireLengthDelimited);
            Varint(Sha256Digest.Length);
            digest.CopyTo(_buffer[Position..]);
            Position += Sha256Digest.Length;
        }

        /// <summary>A google.protobuf.Timestamp or Duration: always present (the message is set), its zero fields omitted.</summary>
        public void SecondsAndNanos(int field, long seconds, int nanos)
        {
            Tag(field, WireLengthDelimited);
            var lengthAt = Position++;
            var start = Position;
            Int(1, seconds);
            Int(2, nanos);
            // Non-negative, both fields together take at most 16 bytes, so the length always fits the one byte reserved.
            _buffer[lengthAt] = (byte)(Position - start);
        }
    }
}
