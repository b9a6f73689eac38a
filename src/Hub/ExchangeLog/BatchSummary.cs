namespace Interop.Hub.ExchangeLog;

/// <summary>
/// What a query needs to know of a batch without reading its rows: the span of its records' start times, the
/// agencies that took part (as caller or provider) and the subjects asked about, each listed once.
/// </summary>
public sealed record BatchSummary(DateTimeOffset FirstStart, DateTimeOffset LastStart, string[] Agencies, string[] SubjectIds)
{
    /// <summary>A summary gathered record by record, as a write's records arrive.</summary>
    public sealed class Builder
    {
        private readonly HashSet<string> _agencies = new(StringComparer.Ordinal);
        private readonly HashSet<string> _subjects = new(StringComparer.Ordinal);
        private DateTimeOffset _first = DateTimeOffset.MaxValue;
        private DateTimeOffset _last = DateTimeOffset.MinValue;

        public void Add(in ExchangeRecord record)
        {
            _first = record.StartTime < _first ? record.StartTime : _first;
            _last = record.StartTime > _last ? record.StartTime : _last;
            _agencies.Add(record.CallerAgency);
            _agencies.Add(record.ProviderAgency);
            var ids = record.SubjectIds;
            for (var i = 0; i < ids.Count; i++)
            {
                _subjects.Add(ids[i]);
            }
        }

        /// <summary>After at least one record.</summary>
        public BatchSummary Build()
        {
            if (_first > _last)
            {
                throw new InvalidOperationException("A batch summary needs at least one record.");
            }

            return new BatchSummary(_first, _last, [.. _agencies], [.. _subjects]);
        }
    }
}
