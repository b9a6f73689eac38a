using Interop.Hub.ExchangeLog;
using Interop.Ledger;
using Interop.Testing;
using Npgsql;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>
/// The database's queries walk batches (see <see cref="PostgresExchangeStore"/>): checked against the in-memory
/// store, which filters and sorts every record it holds, over batches whose time spans overlap (as two hub
/// instances write them), records with equal start times, an agency that appears twice in 1,500 records, and
/// every page size from one record to more than the log holds.
/// </summary>
public sealed class PostgresExchangeStoreTests : IAsyncLifetime
{
    private static readonly string[] _agencies = ["MOL", "SSF", "CR", "GS"];
    private readonly List<ExchangeRecord> _records = [];
    private string _database = "";
    private NpgsqlDataSource _dataSource = null!;
    private CheckpointKey _key = null!;
    private PostgresExchangeStore _store = null!;
    private InMemoryExchangeStore _reference = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync("exchangestore");
        _dataSource = NpgsqlDataSource.Create(_database);
        _key = CheckpointKey.Generate();
        var signer = new CheckpointSigner(_key, TimeProvider.System);
        _store = new PostgresExchangeStore(_dataSource, signer, TimeProvider.System);
        _reference = new InMemoryExchangeStore(100_000, signer);
        await _store.InitializeAsync(CancellationToken.None);

        // Thirty batches of fifty, two writers taking turns: each batch spans 100 ms, starting 50 ms after the
        // previous one, so neighbours overlap by half; one start time in five is shared by two records.
        var random = new Random(20261123);
        var origin = ExchangeRecord.ToMicroseconds(DateTimeOffset.UtcNow.AddHours(-1));
        for (var batch = 0; batch < 30; batch++)
        {
            var records = new ExchangeRecord[50];
            for (var i = 0; i < records.Length; i++)
            {
                var start = origin.AddMilliseconds((batch * 50) + random.Next(100));
                if (i > 0 && random.Next(5) == 0)
                {
                    start = records[i - 1].StartTime;
                }

                var rare = (batch, i) is (3, 7) or (26, 41);
                records[i] = Record(start, rare ? "RARE" : _agencies[random.Next(4)], _agencies[random.Next(4)],
                    Enumerable.Range(0, random.Next(3)).Select(_ => $"CR-{random.Next(40):D4}").Distinct().ToArray());
            }

            await _store.WriteAsync(records, CancellationToken.None);
            await _reference.WriteAsync(records, CancellationToken.None);
            _records.AddRange(records);
        }
    }

    public async Task DisposeAsync()
    {
        _key.Dispose();
        await _dataSource.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task A_new_log_keeps_the_indexed_checkpoint_sequence_first_in_each_row_of_every_partition()
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT DISTINCT a.attname FROM pg_inherits i JOIN pg_attribute a ON a.attrelid = i.inhrelid AND a.attnum = 1
            WHERE i.inhparent = 'exchange_log'::regclass
            """);
        var firstColumns = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                firstColumns.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["checkpoint_seq"], firstColumns);
    }

    /// <summary>
    /// Autovacuum analyses a day's partition each time it grows by a tenth; the log's queries need no more than a
    /// small sample, on the partitions a log already had and on those its writes create.
    /// </summary>
    [Fact]
    public async Task Every_partition_is_analysed_from_a_small_sample_the_ones_written_later_too()
    {
        await using (var reset = _dataSource.CreateCommand("ALTER TABLE exchange_log ALTER COLUMN method SET STATISTICS -1"))
        {
            await reset.ExecuteNonQueryAsync();
        }

        await _store.InitializeAsync(CancellationToken.None);
        var later = ExchangeRecord.ToMicroseconds(DateTimeOffset.UtcNow.AddDays(40));
        await _store.WriteAsync(new[] { Record(later, "MOL", "CR", []) }, CancellationToken.None);

        await using var command = _dataSource.CreateCommand(
            """
            SELECT c.relname, a.attname, a.attstattarget FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_attribute a ON a.attrelid = i.inhrelid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE i.inhparent = 'exchange_log'::regclass
            """);
        var targets = new List<(string Partition, string Column, int Target)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                targets.Add((reader.GetString(0), reader.GetString(1), reader.GetInt16(2)));
            }
        }

        Assert.Contains(targets, t => t.Partition == $"exchange_log_{later:yyyyMMdd}");
        Assert.All(targets, t => Assert.Equal(10, t.Target));
    }

    [Theory]
    [InlineData("MOL", 1)]
    [InlineData("SSF", 7)]
    [InlineData("CR", 50)]
    [InlineData("GS", 2000)]
    [InlineData("RARE", 1)]
    [InlineData(null, 13)]
    public async Task Every_page_of_an_agency_is_the_one_a_scan_of_every_record_gives(string? agency, int pageSize)
    {
        var pages = await AllPagesAsync(_store, new ExchangeQuery(agency, pageSize));

        Assert.Equal(await AllPagesAsync(_reference, new ExchangeQuery(agency, pageSize)), pages);
        Assert.Equal(_records.Count(r => agency is null || r.Involves(agency)), pages.Sum(p => p.Count));
    }

    [Fact]
    public async Task The_rare_agency_gets_its_two_exchanges_from_batches_far_apart()
    {
        var page = await _store.ListAsync(new ExchangeQuery("RARE", 10), CancellationToken.None);

        Assert.False(page.HasMore);
        Assert.Equal(2, page.Records.Count);
        Assert.All(page.Records, r => Assert.Equal("RARE", r.CallerAgency));
    }

    [Fact]
    public async Task Subject_time_and_id_filters_give_what_a_scan_gives()
    {
        var middle = _records[700].StartTime;
        ExchangeQuery[] queries =
        [
            new("SSF", 5, SubjectId: "CR-0007"),
            new(null, 4, SubjectId: "CR-0031"),
            new("MOL", 6, From: middle.AddMilliseconds(-120), To: middle.AddMilliseconds(80)),
            new("CR", 3, To: middle),
            new("GS", 9, From: middle, SubjectId: "CR-0002"),
            new(_records[333].CallerAgency, 5, ExchangeId: _records[333].ExchangeId),
            new("NOBODY", 5),
        ];

        foreach (var query in queries)
        {
            Assert.Equal(await AllPagesAsync(_reference, query), await AllPagesAsync(_store, query));
        }
    }

    [Fact]
    public async Task An_exchange_is_found_by_its_id_only_for_the_agencies_that_took_part()
    {
        foreach (var record in _records.Where((_, i) => i % 97 == 0))
        {
            Assert.Equal(record.ExchangeId, (await _store.FindAsync(record.ExchangeId, record.ProviderAgency, CancellationToken.None))?.ExchangeId);
            Assert.Equal(record.ExchangeId, (await _store.FindReceiptAsync(record.ExchangeId, record.CallerAgency, CancellationToken.None))?.Record.ExchangeId);
            var bystander = _agencies.Append("RARE").First(a => !record.Involves(a));
            Assert.Null(await _store.FindAsync(record.ExchangeId, bystander, CancellationToken.None));
        }

        // Not an id the hub gives (not UUIDv7): nothing, and no search of the whole log.
        Assert.Null(await _store.FindAsync(Guid.NewGuid(), "MOL", CancellationToken.None));
        Assert.Empty((await _store.ListAsync(new ExchangeQuery("MOL", 5, ExchangeId: Guid.NewGuid()), CancellationToken.None)).Records);
    }

    [Fact]
    public async Task A_log_with_the_former_per_row_indexes_gets_its_batch_rows_at_start_and_loses_those_indexes()
    {
        await using (var former = _dataSource.CreateCommand(
            $"DELETE FROM {PostgresExchangeStore.BatchTable}; CREATE INDEX exchange_log_caller_start ON exchange_log (caller_agency, start_time)"))
        {
            await former.ExecuteNonQueryAsync();
        }

        Assert.Empty((await _store.ListAsync(new ExchangeQuery("MOL", 5), CancellationToken.None)).Records);

        await _store.InitializeAsync(CancellationToken.None);

        await using var check = _dataSource.CreateCommand(
            $"SELECT (SELECT count(*) FROM {PostgresExchangeStore.BatchTable}), to_regclass('exchange_log_caller_start') IS NULL");
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((30L, true), (reader.GetInt64(0), reader.GetBoolean(1)));
        Assert.Equal(await AllPagesAsync(_reference, new ExchangeQuery("SSF", 11)), await AllPagesAsync(_store, new ExchangeQuery("SSF", 11)));
    }

    [Fact]
    public async Task The_writer_summarises_the_new_brin_ranges_every_five_seconds_so_queries_do_not_read_them_all()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new PostgresExchangeStore(_dataSource, new CheckpointSigner(_key, clock), clock);
        var start = ExchangeRecord.ToMicroseconds(clock.GetUtcNow());
        async Task WriteAsync(int batch) =>
            await store.WriteAsync(
                Enumerable.Range(0, 2000).Select(i => Record(start.AddMilliseconds((batch * 2000) + i), "MOL", "CR", [])).ToArray(), CancellationToken.None);

        await WriteAsync(0);
        await WriteAsync(1);
        clock.Advance(TimeSpan.FromSeconds(5));
        await WriteAsync(2);
        Assert.Equal(0, await UnsummarisedRangesAsync());

        clock.Advance(TimeSpan.FromSeconds(4));
        await WriteAsync(3);
        Assert.True(await UnsummarisedRangesAsync() > 0);
    }

    /// <summary>Summarises what is left (so it counts it) in today's partition: a test cannot read the count any other way.</summary>
    private async Task<int> UnsummarisedRangesAsync()
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT sum(brin_summarize_new_values(i.indexrelid))::int FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            + $"JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = 'exchange_log_{DateTime.UtcNow:yyyyMMdd}'::regclass AND a.amname = 'brin'");
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every page in turn, each page as its ids, with whether it said more follow.</summary>
    private static async Task<List<List<Guid>>> AllPagesAsync(IExchangeStore store, ExchangeQuery query)
    {
        var pages = new List<List<Guid>>();
        for (var next = query; ;)
        {
            var page = await store.ListAsync(next, CancellationToken.None);
            pages.Add(page.Records.Select(r => r.ExchangeId).ToList());
            if (!page.HasMore)
            {
                return pages;
            }

            Assert.Equal(next.PageSize, page.Records.Count);
            next = next with { After = (page.Records[^1].StartTime, page.Records[^1].ExchangeId) };
        }
    }

    private static ExchangeRecord Record(DateTimeOffset start, string caller, string provider, string[] subjects) =>
        LogVerificationTests.Record("", caller: caller, provider: provider) with
        {
            ExchangeId = ExchangeIds.New(start),
            StartTime = start,
            SubjectIds = subjects,
        };
}
