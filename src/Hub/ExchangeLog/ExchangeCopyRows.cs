using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// Records in PostgreSQL's binary COPY format (header, one tuple per record in the columns of
/// <see cref="Interop.Ledger.LogVerifier.RowColumns"/>, trailer), encoded by hand into one pooled buffer. Npgsql's
/// typed importer costs an async call and a converter lookup per field: 18 fields for each of tens of thousands of
/// records a second; here a record is a few span writes. Rows are added as records arrive and the checkpoint
/// sequence of each (known only once the chain is locked) is filled in when the rows are written.
/// </summary>
public sealed class ExchangeCopyRows : IDisposable
{
    private const short FieldCount = 18;
    private const int TextOid = 25;

    /// <summary>Microseconds between 0001-01-01 and PostgreSQL's epoch, 2000-01-01 UTC.</summary>
    private static readonly long _postgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>"PGCOPY\n\xff\r\n\0" as bytes (a u8 literal would encode \xff as two UTF-8 bytes).</summary>
    private static ReadOnlySpan<byte> Signature => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

    private const int TrailerLength = 2;

    private byte[] _buffer;
    private int _length;

    /// <summary>Where each row's checkpoint sequence (its last field) starts.</summary>
    private int[] _sequenceAt;

    public ExchangeCopyRows(int expectedRows = 0)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(4096, expectedRows * 512));
        _sequenceAt = ArrayPool<int>.Shared.Rent(Math.Max(64, expectedRows));
        Raw(Signature);
        Int32(0); // flags: no OIDs
        Int32(0); // no header extension
    }

    public int Count { get; private set; }

    /// <summary>The whole COPY stream, trailer included; valid after <see cref="Seal"/>, until the rows are disposed.</summary>
    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, _length + TrailerLength);

    public void Add(in ExchangeRecord record)
    {
        PooledArray.Grow(ref _sequenceAt, Count + 1, Count);
        Row(record);
        _sequenceAt[Count++] = _length - sizeof(long);
    }

    /// <summary>
    /// Fills in each row's checkpoint sequence, <paramref name="firstSequence"/> for the first batch of
    /// <paramref name="batchSize"/> rows, one more for each batch after, and ends the stream. May be called again
    /// (a failed write is retried under new sequences).
    /// </summary>
    public void Seal(long firstSequence, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        for (var i = 0; i < Count; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_sequenceAt[i]), firstSequence + (i / batchSize));
        }

        BinaryPrimitives.WriteInt16BigEndian(Take(TrailerLength, commit: false), -1);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, []) is { Length: > 0 } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<int>.Shared.Return(_sequenceAt);
            _sequenceAt = [];
        }
    }

    /// <summary>One tuple, its checkpoint sequence left to <see cref="Seal"/>.</summary>
    private void Row(in ExchangeRecord record)
    {
        Int16(FieldCount);
        Field(16);
        record.ExchangeId.TryWriteBytes(Take(16), bigEndian: true, out _);
        Field(8);
        Int64((record.StartTime.UtcTicks - _postgresEpochTicks) / TimeSpan.TicksPerMicrosecond);
        Text(record.CallerAgency);
        Text(record.CallerSystem);
        Text(record.ProviderAgency);
        Text(record.Method);
        TextArray(record.SubjectIds);
        Field(2);
        Int16((short)record.StatusCode);
        Field(8);
        Int64(record.Latency.Ticks / TimeSpan.TicksPerMicrosecond);
        Field(1);
        Take(1)[0] = record.CacheHit ? (byte)1 : (byte)0;
        Field(8);
        Int64(record.RequestBytes);
        Field(8);
        Int64(record.ResponseBytes);
        Field(Sha256Digest.Length);
        record.RequestSha256.CopyTo(Take(Sha256Digest.Length));
        Field(Sha256Digest.Length);
        record.ResponseSha256.CopyTo(Take(Sha256Digest.Length));
        Text(record.Purpose);
        Text(record.CaseReference);
        Text(record.OfficialId);
        Field(8);
        Int64(0);
    }

    private void Field(int length) => Int32(length);

    private void Text(string value)
    {
        // Length first, filled in once the UTF-8 bytes are written.
        var lengthAt = _length;
        Take(4);
        var written = Encoding.UTF8.GetBytes(value, Take(Encoding.UTF8.GetMaxByteCount(value.Length), commit: false));
        _length += written;
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(lengthAt), written);
    }

    /// <summary>A one-dimensional text[] (PostgreSQL's array_send layout); an empty list is the zero-dimension array.</summary>
    private void TextArray(IReadOnlyList<string> values)
    {
        var lengthAt = _length;
        Take(4);
        var start = _length;
        Int32(values.Count == 0 ? 0 : 1);
        Int32(0); // no nulls
        Int32(TextOid);
        if (values.Count > 0)
        {
            Int32(values.Count);
            Int32(1); // lower bound
            for (var i = 0; i < values.Count; i++)
            {
                Text(values[i]);
            }
        }

        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(lengthAt), _length - start);
    }

    private void Int16(short value) => BinaryPrimitives.WriteInt16BigEndian(Take(2), value);

    private void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(4), value);

    private void Int64(long value) => BinaryPrimitives.WriteInt64BigEndian(Take(8), value);

    private void Raw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    /// <summary>The next <paramref name="count"/> bytes, growing the buffer; counted as written unless told otherwise.</summary>
    private Span<byte> Take(int count, bool commit = true)
    {
        PooledArray.Grow(ref _buffer, _length + count, _length);
        var span = _buffer.AsSpan(_length, count);
        if (commit)
        {
            _length += count;
        }

        return span;
    }
}
