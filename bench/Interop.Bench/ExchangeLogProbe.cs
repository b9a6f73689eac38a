using Npgsql;

namespace Interop.Bench;

/// <summary>
/// Counts the rows in the hub's database (every top-level table; a partitioned table counts its partitions),
/// so a run can say whether the exchange log really recorded its calls, without knowing the log's schema.
/// </summary>
public sealed class ExchangeLogProbe(string hubDatabase) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(hubDatabase);

    public async Task<long> CountRowsAsync(CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        await using (var list = _dataSource.CreateCommand("""
            SELECT format('%I.%I', n.nspname, c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            """))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        long rows = 0;
        foreach (var table in tables)
        {
            await using var count = _dataSource.CreateCommand($"SELECT count(*) FROM {table}");
            rows += (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        return rows;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
