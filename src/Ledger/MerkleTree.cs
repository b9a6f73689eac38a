using System.Buffers;
using System.Security.Cryptography;

namespace Interop.Ledger;

/// <summary>
/// RFC 6962 Merkle trees (section 2.1, as RFC 9162 restates it): leaf hash = SHA-256(0x00 || leaf), node hash =
/// SHA-256(0x01 || left || right), the tree over n leaves splitting at the largest power of two below n. Leaf hashes
/// are passed as one span of n × 32 bytes, the way the hub keeps a batch's.
/// </summary>
public static class MerkleTree
{
    public const int HashSize = 32;

    public const byte LeafPrefix = 0x00;

    public const byte NodePrefix = 0x01;

    /// <summary>SHA-256(0x00 || leaf).</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> leaf)
    {
        var prefixed = ArrayPool<byte>.Shared.Rent(leaf.Length + 1);
        try
        {
            prefixed[0] = LeafPrefix;
            leaf.CopyTo(prefixed.AsSpan(1));
            return Sha256.HashData(prefixed.AsSpan(0, leaf.Length + 1));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(prefixed);
        }
    }

    /// <summary>SHA-256(0x01 || left || right) into <paramref name="destination"/> (which may overlap either input).</summary>
    public static void HashNode(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[1 + (2 * HashSize)];
        input[0] = NodePrefix;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + HashSize)..]);
        Sha256.HashData(input, destination);
    }

    /// <summary>The root over the leaf hashes (at least one).</summary>
    public static byte[] Root(ReadOnlySpan<byte> leafHashes)
    {
        var root = new byte[HashSize];
        Root(leafHashes, root);
        return root;
    }

    /// <summary>
    /// The root, level by level: adjacent nodes are paired and an odd last node moves up unchanged, which gives
    /// the same tree as RFC 6962's split at the largest power of two.
    /// </summary>
    public static void Root(ReadOnlySpan<byte> leafHashes, Span<byte> destination)
    {
        var count = Count(leafHashes);
        if (count == 0)
        {
            throw new ArgumentException("A Merkle tree needs at least one leaf.", nameof(leafHashes));
        }

        var scratch = ArrayPool<byte>.Shared.Rent(leafHashes.Length);
        try
        {
            var level = scratch.AsSpan(0, leafHashes.Length);
            leafHashes.CopyTo(level);
            while (count > 1)
            {
                var next = 0;
                for (var i = 0; i + 1 < count; i += 2)
                {
                    HashNode(Node(level, i), Node(level, i + 1), level.Slice(next * HashSize, HashSize));
                    next++;
                }

                if (count % 2 == 1)
                {
                    Node(level, count - 1).CopyTo(level.Slice(next * HashSize, HashSize));
                    next++;
                }

                count = next;
            }

            Node(level, 0).CopyTo(destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>RFC 6962's audit path PATH(m, D[n]) for leaf <paramref name="index"/>: the sibling hashes from the leaf up.</summary>
    public static List<byte[]> InclusionPath(ReadOnlySpan<byte> leafHashes, int index)
    {
        var count = Count(leafHashes);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        var path = new List<byte[]>();
        AddPath(leafHashes, index, path);
        return path;
    }

    /// <summary>
    /// Whether the audit path leads from the leaf hash at <paramref name="index"/> in a tree of <paramref name="size"/>
    /// leaves to <paramref name="root"/> (RFC 9162, section 2.1.3.2).
    /// </summary>
    public static bool VerifyInclusion(ReadOnlySpan<byte> leafHash, ulong index, ulong size, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (index >= size || leafHash.Length != HashSize || root.Length != HashSize)
        {
            return false;
        }

        var (fn, sn) = (index, size - 1);
        Span<byte> r = stackalloc byte[HashSize];
        leafHash.CopyTo(r);
        foreach (var p in path)
        {
            if (p.Length != HashSize || sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                HashNode(p, r, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                HashNode(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, root);
    }

    private static void AddPath(ReadOnlySpan<byte> leafHashes, int index, List<byte[]> path)
    {
        var count = Count(leafHashes);
        if (count == 1)
        {
            return;
        }

        var split = LargestPowerOfTwoBelow(count);
        var left = leafHashes[..(split * HashSize)];
        var right = leafHashes[(split * HashSize)..];
        if (index < split)
        {
            AddPath(left, index, path);
            path.Add(Root(right));
        }
        else
        {
            AddPath(right, index - split, path);
            path.Add(Root(left));
        }
    }

    private static int LargestPowerOfTwoBelow(int count)
    {
        var split = 1;
        while (split * 2 < count)
        {
            split *= 2;
        }

        return split;
    }

    private static int Count(ReadOnlySpan<byte> leafHashes) =>
        leafHashes.Length % HashSize == 0
            ? leafHashes.Length / HashSize
            : throw new ArgumentException($"Leaf hashes come in {HashSize} bytes each.", nameof(leafHashes));

    private static Span<byte> Node(Span<byte> level, int i) => level.Slice(i * HashSize, HashSize);
}
