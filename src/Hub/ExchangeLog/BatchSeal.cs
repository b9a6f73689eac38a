using System.Buffers;
using Interop.Ledger;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// What a batch's checkpoint commits to: each record's leaf hash, the entry list (exchange id, leaf hash) and the
/// Merkle root. Computed on the writer thread from pooled buffers: one leaf buffer serves every record, hashed
/// in one shot with its 0x00 prefix already in place.
/// </summary>
public sealed class BatchSeal : IDisposable
{
    private byte[] _entries;

    private BatchSeal(byte[] entries, int count)
    {
        _entries = entries;
        Count = count;
    }

    public int Count { get; }

    public ReadOnlySpan<byte> Entries => _entries.AsSpan(0, Count * CheckpointEntries.Size);

    public byte[] Root { get; private init; } = [];

    public byte[] EntriesHash { get; private init; } = [];

    public static BatchSeal Of(ReadOnlySpan<ExchangeRecord> batch)
    {
        var entries = ArrayPool<byte>.Shared.Rent(batch.Length * CheckpointEntries.Size);
        var leafHashes = ArrayPool<byte>.Shared.Rent(batch.Length * MerkleTree.HashSize);
        var leaf = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            Span<byte> hash = stackalloc byte[MerkleTree.HashSize];
            for (var i = 0; i < batch.Length; i++)
            {
                ref readonly var record = ref batch[i];
                var maxSize = ExchangeLeaf.MaxSize(record) + 1;
                if (leaf.Length < maxSize)
                {
                    ArrayPool<byte>.Shared.Return(leaf);
                    leaf = ArrayPool<byte>.Shared.Rent(maxSize);
                }

                leaf[0] = MerkleTree.LeafPrefix;
                var length = ExchangeLeaf.Write(record, leaf.AsSpan(1));
                Sha256.HashData(leaf.AsSpan(0, length + 1), hash);
                hash.CopyTo(leafHashes.AsSpan(i * MerkleTree.HashSize));
                CheckpointEntries.Write(entries, i, record.ExchangeId, hash);
            }

            var used = batch.Length * MerkleTree.HashSize;
            return new BatchSeal(entries, batch.Length)
            {
                Root = MerkleTree.Root(leafHashes.AsSpan(0, used)),
                EntriesHash = CheckpointEntries.Hash(entries.AsSpan(0, batch.Length * CheckpointEntries.Size)),
            };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(leaf);
            ArrayPool<byte>.Shared.Return(leafHashes);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _entries, []) is { Length: > 0 } entries)
        {
            ArrayPool<byte>.Shared.Return(entries);
        }
    }
}
