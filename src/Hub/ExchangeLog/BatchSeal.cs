namespace Interop.Hub.ExchangeLog;

/// <summary>What a batch's checkpoint commits to: the entry list (exchange id, leaf hash), its hash and the Merkle root.</summary>
/// <param name="Entries">The entry list, stored with the checkpoint for receipts.</param>
public sealed record BatchSeal(int Count, byte[] Entries, byte[] Root, byte[] EntriesHash)
{
    public static BatchSeal Of(ReadOnlySpan<ExchangeRecord> batch)
    {
        using var leaves = new ExchangeLeaves(batch.Length);
        foreach (ref readonly var record in batch)
        {
            leaves.Add(record);
        }

        return leaves.Seal(0, batch.Length);
    }
}
