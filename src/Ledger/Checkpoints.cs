using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Interop.Hub.V1;

namespace Interop.Ledger;

/// <summary>Sealing a batch into a signed checkpoint, and checking one.</summary>
public static class Checkpoints
{
    /// <summary>The previous hash of the first checkpoint.</summary>
    public static ReadOnlySpan<byte> GenesisHash => new byte[MerkleTree.HashSize];

    /// <summary>What the next checkpoint's previous_sha256 must be: SHA-256 of this one's serialised bytes.</summary>
    public static byte[] ChainHash(ReadOnlySpan<byte> checkpointBytes) => SHA256.HashData(checkpointBytes);

    public static SignedCheckpoint Seal(
        CheckpointKey key, long sequence, ReadOnlySpan<byte> previousHash, int recordCount, ReadOnlySpan<byte> root,
        ReadOnlySpan<byte> entriesHash, DateTimeOffset createTime)
    {
        var checkpoint = new Checkpoint
        {
            Sequence = (ulong)sequence,
            PreviousSha256 = ByteString.CopyFrom(previousHash),
            RecordCount = (ulong)recordCount,
            RootSha256 = ByteString.CopyFrom(root),
            EntriesSha256 = ByteString.CopyFrom(entriesHash),
            CreateTime = Timestamp.FromDateTimeOffset(createTime),
            KeyId = key.KeyId,
        }.ToByteArray();
        return new SignedCheckpoint
        {
            Checkpoint = ByteString.CopyFrom(checkpoint),
            Signature = ByteString.CopyFrom(key.Sign(checkpoint)),
            KeyId = key.KeyId,
        };
    }

    /// <summary>Parses the signed bytes and checks the signature with the key the checkpoint names.</summary>
    /// <param name="checkpoint">The parsed checkpoint, also when its signature fails (null when it cannot be parsed).</param>
    /// <returns>What is wrong, or null when the checkpoint is signed by a key of <paramref name="keys"/>.</returns>
    public static string? Check(SignedCheckpoint signed, KeyRing keys, out Checkpoint? checkpoint)
    {
        try
        {
            checkpoint = Checkpoint.Parser.ParseFrom(signed.Checkpoint);
        }
        catch (InvalidProtocolBufferException)
        {
            checkpoint = null;
            return "its bytes are not a Checkpoint message";
        }

        if (!string.Equals(checkpoint.KeyId, signed.KeyId, StringComparison.Ordinal))
        {
            return $"it names key {checkpoint.KeyId} but is said to be signed with key {signed.KeyId}";
        }

        if (keys.Find(signed.KeyId) is not { } key)
        {
            return $"it is signed with key {signed.KeyId}, which is not among the keys given ({string.Join(", ", keys.KeyIds)})";
        }

        return key.Verify(signed.Checkpoint.Span, signed.Signature.Span)
            ? null
            : $"its signature does not verify with key {key.KeyId}";
    }
}
