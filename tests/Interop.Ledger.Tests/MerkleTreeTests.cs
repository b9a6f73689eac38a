using System.Security.Cryptography;

namespace Interop.Ledger.Tests;

/// <summary>RFC 6962 trees: the published test vectors, the recursive definition, and inclusion proofs for every leaf.</summary>
public sealed class MerkleTreeTests
{
    /// <summary>The leaves of the certificate-transparency test vectors (RFC 6962 reference implementation).</summary>
    private static readonly byte[][] _vectorLeaves =
    [
        [],
        [0x00],
        [0x10],
        [0x20, 0x21],
        [0x30, 0x31],
        [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    [Theory]
    [InlineData(1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]
    [InlineData(2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]
    [InlineData(3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77")]
    [InlineData(4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4")]
    [InlineData(6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef")]
    [InlineData(7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c")]
    [InlineData(8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")]
    public void Roots_are_those_of_the_rfc_6962_test_vectors(int size, string root)
    {
        var leafHashes = _vectorLeaves.Take(size).SelectMany(leaf => MerkleTree.HashLeaf(leaf)).ToArray();

        Assert.Equal(root, Convert.ToHexStringLower(MerkleTree.Root(leafHashes)));
    }

    [Fact]
    public void Roots_follow_the_recursive_definition_for_every_size_up_to_70()
    {
        for (var size = 1; size <= 70; size++)
        {
            var leafHashes = LeafHashes(size);

            Assert.Equal(Reference(leafHashes), MerkleTree.Root(leafHashes));
        }
    }

    [Fact]
    public void Every_leaf_of_every_size_up_to_40_has_a_proof_that_verifies_and_only_for_it()
    {
        for (var size = 1; size <= 40; size++)
        {
            var leafHashes = LeafHashes(size);
            var root = MerkleTree.Root(leafHashes);
            for (var index = 0; index < size; index++)
            {
                var leaf = leafHashes.AsSpan(index * 32, 32).ToArray();
                var path = MerkleTree.InclusionPath(leafHashes, index);

                Assert.True(MerkleTree.VerifyInclusion(leaf, (ulong)index, (ulong)size, path, root), $"leaf {index} of {size}");
                if (size > 1)
                {
                    Assert.False(MerkleTree.VerifyInclusion(leaf, (ulong)((index + 1) % size), (ulong)size, path, root), $"leaf {index} of {size} at another index");
                }

                var other = SHA256.HashData(leaf);
                Assert.False(MerkleTree.VerifyInclusion(other, (ulong)index, (ulong)size, path, root), $"another leaf at {index} of {size}");
                if (path.Count > 0)
                {
                    var altered = path.Select(p => p.ToArray()).ToList();
                    altered[^1][0] ^= 1;
                    Assert.False(MerkleTree.VerifyInclusion(leaf, (ulong)index, (ulong)size, altered, root), $"altered path {index} of {size}");
                }
            }
        }
    }

    [Fact]
    public void Leaf_and_node_hashes_are_domain_separated()
    {
        var left = MerkleTree.HashLeaf([1]);
        var right = MerkleTree.HashLeaf([2]);
        var node = new byte[32];
        MerkleTree.HashNode(left, right, node);

        Assert.Equal(SHA256.HashData([0x00, 1]), left);
        Assert.Equal(SHA256.HashData([0x01, .. left, .. right]), node);
        Assert.Equal(node, MerkleTree.Root([.. left, .. right]));
    }

    private static byte[] LeafHashes(int size) =>
        Enumerable.Range(0, size).SelectMany(i => MerkleTree.HashLeaf(BitConverter.GetBytes(i))).ToArray();

    /// <summary>RFC 6962 section 2.1, written as the RFC says it.</summary>
    private static byte[] Reference(ReadOnlySpan<byte> leafHashes)
    {
        var count = leafHashes.Length / 32;
        if (count == 1)
        {
            return leafHashes.ToArray();
        }

        var k = 1;
        while (k * 2 < count)
        {
            k *= 2;
        }

        var node = new byte[32];
        MerkleTree.HashNode(Reference(leafHashes[..(k * 32)]), Reference(leafHashes[(k * 32)..]), node);
        return node;
    }
}
