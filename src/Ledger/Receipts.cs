using Google.Protobuf;
using Interop.Hub.V1;

namespace Interop.Ledger;

/// <summary>
/// Builds an exchange's receipt: its leaf, the Merkle audit path from its entry in the batch's entry list, and the
/// batch's signed checkpoint. The hub builds them from its database; <c>interop log archive-receipt</c> from an archive
/// file and the checkpoints that stay in the database.
/// </summary>
public static class Receipts
{
    /// <returns>The receipt, or null when the entry list holds no entry for the exchange with this leaf's hash.</returns>
    public static Receipt? Build(string exchangeName, Guid exchangeId, byte[] leaf, ReadOnlySpan<byte> entries, SignedCheckpoint checkpoint)
    {
        var leafHash = MerkleTree.HashLeaf(leaf);
        var index = CheckpointEntries.IndexOf(entries, exchangeId);
        if (index < 0 || !CheckpointEntries.LeafHash(entries, index).SequenceEqual(leafHash))
        {
            return null;
        }

        return new Receipt
        {
            Name = exchangeName + "/receipt",
            Leaf = ByteString.CopyFrom(leaf),
            LeafSha256 = ByteString.CopyFrom(leafHash),
            LeafIndex = (ulong)index,
            InclusionPath = { MerkleTree.InclusionPath(CheckpointEntries.LeafHashes(entries), index).Select(ByteString.CopyFrom) },
            SignedCheckpoint = checkpoint,
        };
    }
}
