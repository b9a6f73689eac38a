namespace Interop.Hub.ExchangeLog;

/// <summary>How a store cuts the records of one write into the batches it seals, each under its own checkpoint.</summary>
internal static class ExchangeBatches
{
    /// <returns>Consecutive slices of <paramref name="batchSize"/> records, the last one possibly shorter; none for no records.</returns>
    public static ReadOnlyMemory<ExchangeRecord>[] Of(ReadOnlyMemory<ExchangeRecord> records, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var batches = new ReadOnlyMemory<ExchangeRecord>[(records.Length + batchSize - 1) / batchSize];
        for (var i = 0; i < batches.Length; i++)
        {
            var start = i * batchSize;
            batches[i] = records.Slice(start, Math.Min(batchSize, records.Length - start));
        }

        return batches;
    }
}
