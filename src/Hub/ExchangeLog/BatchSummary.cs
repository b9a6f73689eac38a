namespace Interop.Hub.ExchangeLog;

/// <summary>
/// What a query needs to know of a batch without reading its rows: the span of its records' start times, the
/// agencies that took part (as caller or provider) and the subjects asked about, each listed once.
/// </summary>
public sealed record BatchSummary(DateTimeOffset FirstStart, DateTimeOffset LastStart, string[] Agencies, string[] SubjectIds)
{
    /// <param name="batch">At least one record.</param>
    public static BatchSummary Of(ReadOnlySpan<ExchangeRecord> batch)
    {
        ArgumentOutOfRangeException.ThrowIfZero(batch.Length);
        var first = batch[0].StartTime;
        var last = first;
        var agencies = new HashSet<string>(StringComparer.Ordinal);
        var subjects = new HashSet<string>(StringComparer.Ordinal);
        foreach (ref readonly var record in batch)
        {
            first = record.StartTime < first ? record.StartTime : first;
            last = record.StartTime > last ? record.StartTime : last;
            agencies.Add(record.CallerAgency);
            agencies.Add(record.ProviderAgency);
            var ids = record.SubjectIds;
            for (var i = 0; i < ids.Count; i++)
            {
                subjects.Add(ids[i]);
            }
        }

        return new BatchSummary(first, last, [.. agencies], [.. subjects]);
    }
}
