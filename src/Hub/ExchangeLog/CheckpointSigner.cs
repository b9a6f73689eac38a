using Interop.Hub.V1;
using Interop.Ledger;

namespace Interop.Hub.ExchangeLog;

/// <summary>The hub's checkpoint key at work: seals a batch onto the chain after a given checkpoint.</summary>
public sealed class CheckpointSigner(CheckpointKey key, TimeProvider timeProvider)
{
    public CheckpointKey Key { get; } = key;

    /// <param name="previousCheckpoint">The serialised checkpoint at the chain's head; empty for the first.</param>
    public SignedCheckpoint Sign(BatchSeal seal, long sequence, ReadOnlySpan<byte> previousCheckpoint) => Checkpoints.Seal(
        Key,
        sequence,
        previousCheckpoint.IsEmpty ? Checkpoints.GenesisHash : Checkpoints.ChainHash(previousCheckpoint),
        seal.Count,
        seal.Root,
        seal.EntriesHash,
        timeProvider.GetUtcNow());
}
