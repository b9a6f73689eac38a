using System.Security.Cryptography;

namespace Interop.Ledger;

/// <summary>
/// A batch's entry list as the hub stores it beside its checkpoint: for each record in order, its exchange id
/// (16 bytes, the UUID big-endian as written) and its leaf hash (32 bytes). The signed checkpoint commits to the
/// list's SHA-256, and the list names the record behind every leaf: what <c>verify</c> needs to say which record
/// was altered or deleted, where the root alone could only say which batch.
/// </summary>
public static class CheckpointEntries
{
    public const int IdSize = 16;

    public const int Size = IdSize + MerkleTree.HashSize;

    public static void Write(Span<byte> entries, int index, Guid exchangeId, ReadOnlySpan<byte> leafHash)
    {
        var entry = entries.Slice(index * Size, Size);
        if (!exchangeId.TryWriteBytes(entry, bigEndian: true, out _))
        {
            throw new ArgumentException("The entry list is too short.", nameof(entries));
        }

        leafHash.CopyTo(entry[IdSize..]);
    }

    /// <returns>The number of entries, or -1 when the list's length is not a whole number of entries.</returns>
    public static int Count(ReadOnlySpan<byte> entries) => entries.Length % Size == 0 ? entries.Length / Size : -1;

    /// <returns>The position of the exchange's entry, or -1 when the list does not hold it.</returns>
    public static int IndexOf(ReadOnlySpan<byte> entries, Guid exchangeId)
    {
        var count = Count(entries);
        for (var i = 0; i < count; i++)
        {
            if (ExchangeId(entries, i) == exchangeId)
            {
                return i;
            }
        }

        return -1;
    }

    public static Guid ExchangeId(ReadOnlySpan<byte> entries, int index) =>
        new(entries.Slice(index * Size, IdSize), bigEndian: true);

    public static ReadOnlySpan<byte> LeafHash(ReadOnlySpan<byte> entries, int index) =>
        entries.Slice((index * Size) + IdSize, MerkleTree.HashSize);

    /// <summary>The leaf hashes alone, one after the other, as the Merkle tree takes them.</summary>
    public static byte[] LeafHashes(ReadOnlySpan<byte> entries)
    {
        var count = Count(entries);
        var hashes = new byte[count * MerkleTree.HashSize];
        for (var i = 0; i < count; i++)
        {
            LeafHash(entries, i).CopyTo(hashes.AsSpan(i * MerkleTree.HashSize));
        }

        return hashes;
    }

    public static byte[] Hash(ReadOnlySpan<byte> entries) => SHA256.HashData(entries);
}
