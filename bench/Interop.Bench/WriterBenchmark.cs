using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Grpc.Core;
using Interop.Hub.ExchangeLog;
using Npgsql;

namespace Interop.Bench;

/// <summary>Records per second of the exchange-log writer alone, in rounds that alternate its two ways of writing.</summary>
/// <param name="Failure">Why the writer could not be measured, if it could not.</param>
public sealed record WriterComparison(int RecordsPerWrite, IReadOnlyList<double> BatchedPerSecond, IReadOnlyList<double> SinglePerSecond, string? Failure = null)
{
    public double Batched => Statistics.Median(BatchedPerSecond);

    public double Single => Statistics.Median(SinglePerSecond);

    public string Describe() => Failure is not null ? $"  exchange-log writer: FAILED: {Failure}" : string.Create(CultureInfo.InvariantCulture,
        $"  exchange-log writer: one binary COPY per write of {RecordsPerWrite:N0} records, a checkpoint every {ExchangeLogOptions.DefaultBatchSize:N0}: {Batched:N0} records/s (rounds {Join(BatchedPerSecond)}); one INSERT per record: {Single:N0} records/s (rounds {Join(SinglePerSecond)})");

    private static string Join(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)));
}

/// <summary>
/// The exchange log's PostgreSQL writer used alone, in its own database: <c>WriteAsync</c> with the hub's defaults
/// (writes of 10,000 records, each one binary COPY and a checkpoint for every 2,000) against <c>InsertOneAsync</c> (one prepared INSERT per record), each for a fixed time per round. Only the
/// time inside the writer counts; records are made before each write, as the hub's queue would hand them over.
/// </summary>
public static class WriterBenchmark
{
    private static readonly int _recordsPerWrite = new ExchangeLogOptions().MaxRecordsPerWrite;

    private static readonly TimeSpan _perRound = TimeSpan.FromSeconds(3);

    public static async Task<WriterComparison> RunAsync(string hubDatabase, BenchOptions options, CancellationToken cancellationToken)
    {
        var database = await RecreateDatabaseAsync(hubDatabase, $"{options.DatabasePrefix}_logwriter", cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(database);
        using var key = Interop.Ledger.CheckpointKey.Generate();
        var store = new PostgresExchangeStore(dataSource, new CheckpointSigner(key, TimeProvider.System), TimeProvider.System);
        await store.InitializeAsync(cancellationToken);

        var subjects = new[] { "16B0012345" };
        var batch = new ExchangeRecord[_recordsPerWrite];
        var batched = new List<double>();
        var single = new List<double>();

        try
        {
            // One unmeasured pass of each warms the JIT, the pool and the prepared statement.
            await MeasureBatchedAsync(store, batch, subjects, TimeSpan.FromSeconds(0.5), cancellationToken);
            await MeasureSingleAsync(store, subjects, TimeSpan.FromSeconds(0.5), cancellationToken);
            for (var round = 0; round < options.Rounds; round++)
            {
                batched.Add(await MeasureBatchedAsync(store, batch, subjects, _perRound, cancellationToken));
                single.Add(await MeasureSingleAsync(store, subjects, _perRound, cancellationToken));
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidCastException or NotSupportedException or InvalidOperationException)
        {
            // Reported in the results rather than thrown: the hub's figures of the same run still stand.
            return new WriterComparison(_recordsPerWrite, batched, single, $"{ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
        }

        return new WriterComparison(_recordsPerWrite, batched, single);
    }

    private static async Task<double> MeasureBatchedAsync(
        PostgresExchangeStore store, ExchangeRecord[] batch, string[] subjects, TimeSpan budget, CancellationToken cancellationToken)
    {
        long written = 0;
        var inWriter = TimeSpan.Zero;
        while (inWriter < budget)
        {
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = Record(subjects);
            }

            var started = Stopwatch.GetTimestamp();
            await store.WriteAsync(batch, cancellationToken);
            inWriter += Stopwatch.GetElapsedTime(started);
            written += batch.Length;
        }

        return written / inWriter.TotalSeconds;
    }

    private static async Task<double> MeasureSingleAsync(PostgresExchangeStore store, string[] subjects, TimeSpan budget, CancellationToken cancellationToken)
    {
        long written = 0;
        var inWriter = TimeSpan.Zero;
        while (inWriter < budget)
        {
            var record = Record(subjects);
            var started = Stopwatch.GetTimestamp();
            await store.InsertOneAsync(record, cancellationToken);
            inWriter += Stopwatch.GetElapsedTime(started);
            written++;
        }

        return written / inWriter.TotalSeconds;
    }

    /// <summary>A record shaped like a GetEmployer exchange: one subject, two digests, a real size.</summary>
    private static ExchangeRecord Record(string[] subjects)
    {
        Span<byte> digests = stackalloc byte[Sha256Digest.Length * 2];
        RandomNumberGenerator.Fill(digests);
        return new ExchangeRecord
        {
            ExchangeId = Guid.CreateVersion7(),
            StartTime = ExchangeRecord.ToMicroseconds(DateTimeOffset.UtcNow),
            CallerAgency = "MOL",
            CallerSystem = "bench",
            ProviderAgency = "CR",
            Method = "/interop.employers.v1.EmployerRegistry/GetEmployer",
            SubjectIds = subjects,
            StatusCode = StatusCode.OK,
            Latency = TimeSpan.FromMicroseconds(180),
            CacheHit = true,
            RequestBytes = 24,
            ResponseBytes = 420,
            RequestSha256 = Sha256Digest.From(digests[..Sha256Digest.Length]),
            ResponseSha256 = Sha256Digest.From(digests[Sha256Digest.Length..]),
        };
    }

    /// <summary>A fresh database beside the hub's, so the writer's figures do not depend on earlier runs' rows.</summary>
    private static async Task<string> RecreateDatabaseAsync(string hubDatabase, string name, CancellationToken cancellationToken)
    {
        var server = new NpgsqlConnectionStringBuilder(hubDatabase) { Database = "postgres" }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(server);
        await using (var drop = dataSource.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = dataSource.CreateCommand($"CREATE DATABASE \"{name}\""))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(hubDatabase) { Database = name }.ConnectionString;
    }
}
