using Google.Protobuf;
using Interop.Hub.V1;

namespace Interop.Ledger.Tests;

/// <summary>Receipts checked offline: what a valid one proves, and every way a forged or damaged one is caught.</summary>
public sealed class ReceiptVerifierTests : IDisposable
{
    private readonly CheckpointKey _hubKey = CheckpointKey.Generate();
    private readonly CheckpointKey _otherKey = CheckpointKey.Generate();

    [Fact]
    public void A_receipt_verifies_with_the_hubs_public_key_alone()
    {
        var (receipts, _) = Batch(5);
        using var keys = PublicKeys(_hubKey);

        foreach (var receipt in receipts)
        {
            var check = ReceiptVerifier.Verify(receipt, keys);

            Assert.True(check.Valid, check.Explanation);
            Assert.Equal(Exchange.Parser.ParseFrom(receipt.Leaf), check.Exchange);
            Assert.Equal(7UL, check.Checkpoint!.Sequence);
        }
    }

    [Fact]
    public void Another_key_does_not_verify_it()
    {
        var (receipts, _) = Batch(3);
        using var keys = PublicKeys(_otherKey);

        var check = ReceiptVerifier.Verify(receipts[1], keys);

        Assert.False(check.Valid);
        Assert.Contains($"signed with key {_hubKey.KeyId}, which is not among the keys given ({_otherKey.KeyId})", check.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_by_another_key_under_the_hubs_key_id_does_not_verify_it()
    {
        var (receipts, _) = Batch(3);
        var forged = receipts[0].Clone();
        var checkpoint = Checkpoint.Parser.ParseFrom(forged.SignedCheckpoint.Checkpoint);
        forged.SignedCheckpoint.Signature = ByteString.CopyFrom(_otherKey.Sign(forged.SignedCheckpoint.Checkpoint.Span));
        using var keys = PublicKeys(_hubKey);

        var check = ReceiptVerifier.Verify(forged, keys);

        Assert.False(check.Valid);
        Assert.Equal($"checkpoint: its signature does not verify with key {checkpoint.KeyId}", check.Explanation);
    }

    [Fact]
    public void A_changed_record_checkpoint_or_proof_is_caught()
    {
        var (receipts, _) = Batch(6);
        using var keys = PublicKeys(_hubKey);

        var record = receipts[2].Clone();
        var exchange = Exchange.Parser.ParseFrom(record.Leaf);
        exchange.CallerSystem = "someone-else";
        record.Leaf = exchange.ToByteString();
        Assert.Contains("leaf_sha256 is not SHA-256(0x00 || leaf)", ReceiptVerifier.Verify(record, keys).Explanation, StringComparison.Ordinal);

        record.LeafSha256 = ByteString.CopyFrom(MerkleTree.HashLeaf(record.Leaf.Span));
        Assert.Contains("the inclusion proof does not lead from leaf 2", ReceiptVerifier.Verify(record, keys).Explanation, StringComparison.Ordinal);

        var moved = receipts[2].Clone();
        moved.LeafIndex = 3;
        Assert.False(ReceiptVerifier.Verify(moved, keys).Valid);

        var checkpoint = receipts[2].Clone();
        var bytes = checkpoint.SignedCheckpoint.Checkpoint.ToByteArray();
        bytes[^1] ^= 1;
        checkpoint.SignedCheckpoint.Checkpoint = ByteString.CopyFrom(bytes);
        Assert.False(ReceiptVerifier.Verify(checkpoint, keys).Valid);

        var renamed = receipts[2].Clone();
        renamed.Name = Exchange.Parser.ParseFrom(receipts[3].Leaf).Name + "/receipt";
        Assert.Contains("holds the record of", ReceiptVerifier.Verify(renamed, keys).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_round_trip_through_pem_and_only_private_keys_sign()
    {
        using var restored = CheckpointKey.FromPem(_hubKey.ExportPrivateKeyPem());
        using var verifier = CheckpointKey.FromPem(_hubKey.PublicKeyPem);
        var signature = restored.Sign("checkpoint"u8);

        Assert.Equal(_hubKey.KeyId, restored.KeyId);
        Assert.Equal(_hubKey.KeyId, verifier.KeyId);
        Assert.True(restored.HasPrivateKey);
        Assert.False(verifier.HasPrivateKey);
        Assert.True(verifier.Verify("checkpoint"u8, signature));
        Assert.False(verifier.Verify("checkpoinT"u8, signature));
        Assert.Throws<System.Security.Cryptography.CryptographicException>(() => CheckpointKey.FromPem("not a key"));
    }

    public void Dispose()
    {
        _hubKey.Dispose();
        _otherKey.Dispose();
    }

    private static KeyRing PublicKeys(CheckpointKey key) => new([CheckpointKey.FromPem(key.PublicKeyPem)]);

    /// <summary>A batch sealed as the hub seals one (checkpoint 7), and the receipt of each record.</summary>
    private (List<Receipt> Receipts, SignedCheckpoint Checkpoint) Batch(int size)
    {
        var leaves = Enumerable.Range(0, size).Select(i =>
        {
            var id = Guid.CreateVersion7().ToString("D");
            return new Exchange { Name = $"exchanges/{id}", ExchangeId = id, CallerAgency = "MOL", CallerSystem = $"system-{i}" }.ToByteArray();
        }).ToList();
        var entries = new byte[size * CheckpointEntries.Size];
        for (var i = 0; i < size; i++)
        {
            CheckpointEntries.Write(entries, i, Guid.Parse(Exchange.Parser.ParseFrom(leaves[i]).ExchangeId), MerkleTree.HashLeaf(leaves[i]));
        }

        var leafHashes = CheckpointEntries.LeafHashes(entries);
        var signed = Checkpoints.Seal(
            _hubKey, 7, new byte[32], size, MerkleTree.Root(leafHashes), CheckpointEntries.Hash(entries), DateTimeOffset.UtcNow);
        var receipts = leaves.Select((leaf, i) => new Receipt
        {
            Name = Exchange.Parser.ParseFrom(leaf).Name + "/receipt",
            Leaf = ByteString.CopyFrom(leaf),
            LeafSha256 = ByteString.CopyFrom(MerkleTree.HashLeaf(leaf)),
            LeafIndex = (ulong)i,
            InclusionPath = { MerkleTree.InclusionPath(leafHashes, i).Select(ByteString.CopyFrom) },
            SignedCheckpoint = signed,
        }).ToList();
        return (receipts, signed);
    }
}
