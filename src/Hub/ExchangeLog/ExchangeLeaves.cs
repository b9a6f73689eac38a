using System.Buffers;
using Interop.Ledger;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// The leaf hash and checkpoint entry of each record of a write, hashed as the records arrive, into pooled buffers:
/// one leaf buffer serves every record, hashed in one shot with its 0x00 prefix already in place.
/// </summary>
public sealed class ExchangeLeaves : IDisposable
{
    private byte[] _entries;
    private byte[] _leafHashes;
    private byte[] _leaf;

    public ExchangeLeaves(int expectedRecords = 0)
    {
        var records = Math.Max(64, expectedRecords);
        _entries = ArrayPool<byte>.Shared.Rent(records * CheckpointEntries.Size);
        _leafHashes = ArrayPool<byte>.Shared.Rent(records * MerkleTree.HashSize);
        _leaf = ArrayPool<byte>.Shared.Rent(4096);
    }

    public int Count { get; private set; }

    public void Add(in ExchangeRecord record)
    {
        PooledArray.Grow(ref _entries, (Count + 1) * CheckpointEntries.Size, Count * CheckpointEntries.Size);
        PooledArray.Grow(ref _leafHashes, (Count + 1) * MerkleTree.HashSize, Count * MerkleTree.HashSize);
        PooledArray.Grow(ref _leaf, ExchangeLeaf.MaxSize(record) + 1, used: 0);

        _leaf[0] = MerkleTree.LeafPrefix;
        var length = ExchangeLeaf.Write(record, _leaf.AsSpan(1));
        var hash = _leafHashes.AsSpan(Count * MerkleTree.HashSize, MerkleTree.HashSize);
        Sha256.HashData(_leaf.AsSpan(0, length + 1), hash);
        CheckpointEntries.Write(_entries, Count, record.ExchangeId, hash);
        Count++;
    }

    /// <summary>The seal of the <paramref name="count"/> records from <paramref name="start"/>, in the order added.</summary>
    public BatchSeal Seal(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count);
        var entries = _entries.AsSpan(start * CheckpointEntries.Size, count * CheckpointEntries.Size);
        return new BatchSeal(
            count,
            entries.ToArray(),
            MerkleTree.Root(_leafHashes.AsSpan(start * MerkleTree.HashSize, count * MerkleTree.HashSize)),
            CheckpointEntries.Hash(entries));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _entries, []) is { Length: > 0 } entries)
        {
            ArrayPool<byte>.Shared.Return(entries);
            ArrayPool<byte>.Shared.Return(_leafHashes);
            ArrayPool<byte>.Shared.Return(_leaf);
            _leafHashes = _leaf = [];
        }
    }
}
