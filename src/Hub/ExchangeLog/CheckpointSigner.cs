using Interop.Hub.V1;
using Interop.Ledger;

namespace Interop.Hub.ExchangeLog;

/// <summary>The hub's checkpoint key at work: seals a batch onto the chain after a given checkpoint.</summary>
/// <param name="retiredKeys">Public keys the hub signed with before <paramref name="key"/>, still published for verifiers.</param>
public sealed class CheckpointSigner(CheckpointKey key, TimeProvider timeProvider, IReadOnlyList<CheckpointKey>? retiredKeys = null)
{
    public CheckpointKey Key { get; } = key;

    public IReadOnlyList<CheckpointKey> RetiredKeys { get; } = retiredKeys ?? [];

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
