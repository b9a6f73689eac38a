using Grpc.Core;
using Interop.Hub.ExchangeLog;
using Interop.Ledger;
using Interop.Testing;
using Npgsql;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>
/// The hand-written binary COPY of <see cref="ExchangeCopyRows"/> against a real PostgreSQL: every column of every
/// record reads back exactly as written, including the cases a byte-level encoder gets wrong (no subject, several
/// subjects, non-ASCII text, empty strings, negative and large numbers, times before and after PostgreSQL's epoch).
/// </summary>
public sealed class ExchangeCopyRowsTests : IAsyncLifetime
{
    private string _database = "";

    public async Task InitializeAsync() => _database = await TestPostgres.CreateDatabaseAsync("copyrows");

    public async Task DisposeAsync() => await TestPostgres.DropDatabaseAsync(_database);

    [Fact]
    public async Task Every_column_reads_back_as_written()
    {
        var now = ExchangeRecord.ToMicroseconds(DateTimeOffset.UtcNow);
        ExchangeRecord[] records =
        [
            Record(now, subjects: [], caller: "MOL", purpose: "", caseReference: "", official: "") with { CacheHit = true },
            Record(now.AddTicks(10), subjects: ["CR-0001", "CR-0002", "NIN-123456789012"], caller: "SSF", purpose: "WORK_PERMIT",
                caseReference: "ملف-2026/15", official: "agent-é") with
            {
                StatusCode = StatusCode.PermissionDenied,
                Latency = TimeSpan.FromTicks(123_456_780),
                RequestBytes = 0,
                ResponseBytes = long.MaxValue,
            },
            Record(now.AddTicks(20), subjects: ["رقم-٤٥"], caller: "", purpose: "AUDIT", caseReference: "C-1", official: "") with
            {
                StatusCode = StatusCode.Unavailable,
            },
        ];

        using var key = CheckpointKey.Generate();
        await using var dataSource = NpgsqlDataSource.Create(_database);
        var store = new PostgresExchangeStore(dataSource, new CheckpointSigner(key, TimeProvider.System), TimeProvider.System);
        await store.InitializeAsync(CancellationToken.None);
        await store.WriteAsync(records, CancellationToken.None);

        foreach (var written in records)
        {
            var read = await store.FindAsync(written.ExchangeId, written.ProviderAgency, CancellationToken.None);
            Assert.NotNull(read);
            Assert.Equal(Describe(written), Describe(read.Value));
        }

        await using var count = dataSource.CreateCommand($"SELECT count(*), min(checkpoint_seq), max(checkpoint_seq) FROM {PostgresExchangeStore.Table}");
        await using var reader = await count.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((3L, 1L, 1L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
    }

    [Fact]
    public async Task Rows_sealed_again_for_a_retried_write_carry_the_new_checkpoints_only()
    {
        var now = ExchangeRecord.ToMicroseconds(DateTimeOffset.UtcNow);
        using var key = CheckpointKey.Generate();
        await using var dataSource = NpgsqlDataSource.Create(_database);
        await new PostgresExchangeStore(dataSource, new CheckpointSigner(key, TimeProvider.System), TimeProvider.System)
            .InitializeAsync(CancellationToken.None);
        using var rows = new ExchangeCopyRows();
        for (var i = 0; i < 5; i++)
        {
            rows.Add(Record(now.AddTicks(i * 10), subjects: ["CR-000" + i], caller: "MOL", purpose: "", caseReference: "", official: ""));
        }

        rows.Seal(7, batchSize: 2);
        rows.Seal(20, batchSize: 2);
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var copy = await connection.BeginRawBinaryCopyAsync(
            $"COPY {PostgresExchangeStore.Table} ({LogVerifier.RowColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            await copy.WriteAsync(rows.Bytes);
        }

        await using var select = dataSource.CreateCommand($"SELECT checkpoint_seq FROM {PostgresExchangeStore.Table} ORDER BY start_time");
        await using var reader = await select.ExecuteReaderAsync();
        var sequences = new List<long>();
        while (await reader.ReadAsync())
        {
            sequences.Add(reader.GetInt64(0));
        }

        Assert.Equal([20L, 20L, 21L, 21L, 22L], sequences);
    }

    [Fact]
    public void Times_before_postgres_epoch_are_encoded_as_negative_microseconds()
    {
        var early = new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(-10);
        using var rows = new ExchangeCopyRows();
        rows.Add(Record(early, subjects: [], caller: "MOL", purpose: "", caseReference: "", official: ""));
        rows.Seal(7, batchSize: 1);

        // Header (11 + 4 + 4), field count (2), uuid length and value (4 + 16), timestamp length (4), timestamp.
        var time = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(rows.Bytes.Span[(19 + 2 + 20 + 4)..]);
        Assert.Equal(-1_000_001L, time);
        Assert.Equal(0xFF, rows.Bytes.Span[7]);
        Assert.Equal(-1, System.Buffers.Binary.BinaryPrimitives.ReadInt16BigEndian(rows.Bytes.Span[^2..]));
    }

    private static ExchangeRecord Record(
        DateTimeOffset start, string[] subjects, string caller, string purpose, string caseReference, string official) => new()
    {
        ExchangeId = ExchangeIds.New(start),
        StartTime = start,
        CallerAgency = caller,
        CallerSystem = caller.Length == 0 ? "" : "backoffice",
        ProviderAgency = "CR",
        Method = "/interop.employers.v1.EmployerRegistry/GetEmployer",
        SubjectIds = subjects,
        StatusCode = StatusCode.OK,
        Latency = TimeSpan.FromMicroseconds(250),
        RequestBytes = 31,
        ResponseBytes = 270,
        RequestSha256 = Sha256Digest.From(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()),
        ResponseSha256 = Sha256Digest.From(Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray()),
        Purpose = purpose,
        CaseReference = caseReference,
        OfficialId = official,
    };

    private static string Describe(ExchangeRecord r) => string.Join(
        " | ",
        r.ExchangeId, r.StartTime.UtcTicks, r.CallerAgency, r.CallerSystem, r.ProviderAgency, r.Method, string.Join(",", r.SubjectIds),
        r.StatusCode, r.Latency.Ticks, r.CacheHit, r.RequestBytes, r.ResponseBytes, Convert.ToHexString(r.RequestSha256.ToArray()),
        Convert.ToHexString(r.ResponseSha256.ToArray()), r.Purpose, r.CaseReference, r.OfficialId);
}
