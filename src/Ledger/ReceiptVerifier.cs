using Google.Protobuf;
using Interop.Hub.V1;

namespace Interop.Ledger;

/// <summary>The outcome of checking a receipt: whether it proves its exchange, and if not, the first thing wrong.</summary>
public sealed record ReceiptCheck(bool Valid, string Explanation, Exchange? Exchange, Checkpoint? Checkpoint);

/// <summary>Checks a receipt offline: leaf hash, Merkle inclusion, checkpoint signature. No network, no database.</summary>
public static class ReceiptVerifier
{
    public static ReceiptCheck Verify(Receipt receipt, KeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        Exchange exchange;
        try
        {
            exchange = Exchange.Parser.ParseFrom(receipt.Leaf);
        }
        catch (InvalidProtocolBufferException)
        {
            return Fail("the leaf is not an Exchange message", null, null);
        }

        if (!MerkleTree.HashLeaf(receipt.Leaf.Span).AsSpan().SequenceEqual(receipt.LeafSha256.Span))
        {
            return Fail("leaf_sha256 is not SHA-256(0x00 || leaf): the record was changed", exchange, null);
        }

        if (!string.Equals(receipt.Name, exchange.Name + "/receipt", StringComparison.Ordinal))
        {
            return Fail($"the receipt {receipt.Name} holds the record of {exchange.Name}", exchange, null);
        }

        if (receipt.SignedCheckpoint is not { } signed)
        {
            return Fail("the receipt has no signed checkpoint", exchange, null);
        }

        if (Checkpoints.Check(signed, keys, out var checkpoint) is { } problem)
        {
            return Fail($"checkpoint: {problem}", exchange, checkpoint);
        }

        var path = receipt.InclusionPath.Select(p => p.ToByteArray()).ToList();
        if (!MerkleTree.VerifyInclusion(receipt.LeafSha256.Span, receipt.LeafIndex, checkpoint!.RecordCount, path, checkpoint.RootSha256.Span))
        {
            return Fail(
                $"the inclusion proof does not lead from leaf {receipt.LeafIndex} to the root of checkpoint {checkpoint.Sequence}",
                exchange,
                checkpoint);
        }

        return new ReceiptCheck(
            true,
            $"{exchange.Name} is record {receipt.LeafIndex + 1} of {checkpoint.RecordCount} in checkpoint {checkpoint.Sequence}, "
            + $"signed by key {checkpoint.KeyId}",
            exchange,
            checkpoint);
    }

    private static ReceiptCheck Fail(string explanation, Exchange? exchange, Checkpoint? checkpoint) =>
        new(false, explanation, exchange, checkpoint);
}
