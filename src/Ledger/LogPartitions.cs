using System.Globalization;

namespace Interop.Ledger;

/// <summary>The log's day partitions, as the hub creates them and <c>interop log restore</c> brings one back.</summary>
public static class LogPartitions
{
    /// <summary>
    /// Statistics from 3,000 sampled rows (target 10) instead of 30,000: the queries find rows through their batches
    /// and the BRIN index, whatever the statistics say, and autovacuum analyses a day's partition each time it grows
    /// by a tenth, which with the default target cost PostgreSQL about a fifth as much CPU as the COPYs themselves
    /// (ANALYZE of a million-row partition: 310–330 ms with the default, 30–50 ms at 10).
    /// </summary>
    public const int StatisticsTarget = 10;

    /// <summary>
    /// Sets <see cref="StatisticsTarget"/> on every column of <paramref name="table"/> that lacks it. On the parent it
    /// reaches the partitions that exist; a partition created later starts with the default, so each gets it too.
    /// </summary>
    public static string SampledStatistics(string table) => $"""
        DO $$ DECLARE c name; BEGIN
            FOR c IN SELECT attname FROM pg_attribute
                     WHERE attrelid = '{table}'::regclass AND attnum > 0 AND NOT attisdropped AND attstattarget <> {StatisticsTarget} LOOP
                EXECUTE format('ALTER TABLE {table} ALTER COLUMN %I SET STATISTICS {StatisticsTarget}', c);
            END LOOP;
        END $$;
        """;

    /// <summary>Creates the partition of the records that started on <paramref name="day"/> (UTC), if it is missing.</summary>
    /// <remarks>Holds the log's table exclusively until the transaction ends: for the hub, which creates days ahead in a statement of its own.</remarks>
    public static string Create(DateOnly day) =>
        $"CREATE TABLE IF NOT EXISTS {LogVerifier.PartitionName(day)} PARTITION OF {LogVerifier.LogTable} {Bounds(day)};"
        + SampledStatistics(LogVerifier.PartitionName(day));

    /// <summary>A day's table, not yet part of the log: filled first, then <see cref="Attach"/>ed.</summary>
    public static string CreateDetached(DateOnly day)
    {
        var name = LogVerifier.PartitionName(day);
        var (from, to) = Range(day);
        return $"CREATE TABLE {name} (LIKE {LogVerifier.LogTable});"
            + $"ALTER TABLE {name} ADD CONSTRAINT {name}_day CHECK (start_time >= '{from}' AND start_time < '{to}');";
    }

    /// <summary>
    /// Makes a filled <see cref="CreateDetached"/> table the day's partition. Attaching takes a lock on the log's table
    /// that the hub's writes pass (creating a partition in place takes one they wait for, until the transaction ends),
    /// and the day's check constraint spares PostgreSQL a scan of the rows to prove them in range.
    /// </summary>
    public static string Attach(DateOnly day)
    {
        var name = LogVerifier.PartitionName(day);
        return $"ALTER TABLE {LogVerifier.LogTable} ATTACH PARTITION {name} {Bounds(day)};"
            + $"ALTER TABLE {name} DROP CONSTRAINT {name}_day;"
            + SampledStatistics(name);
    }

    private static string Bounds(DateOnly day)
    {
        var (from, to) = Range(day);
        return $"FOR VALUES FROM ('{from}') TO ('{to}')";
    }

    private static (string From, string To) Range(DateOnly day) => (
        day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00",
        day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00");
}
