using Grpc.Core;
using Interop.Hub.ExchangeLog;
using Interop.Ledger;
using Interop.Testing;
using Npgsql;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>
/// <c>interop log verify</c>'s walk over a real log: batches written by the hub's PostgreSQL store, then altered,
/// deleted or inserted behind its back with plain SQL, and named by the verifier. One fresh database per test.
/// </summary>
public sealed class LogVerificationTests : IAsyncLifetime
{
    private const int Batches = 3;
    private const int BatchSize = 4;

    private readonly CheckpointKey _key = CheckpointKey.Generate();
    private string _database = "";
    private NpgsqlDataSource _dataSource = null!;
    private List<Guid> _ids = [];
    private List<ChainHead> _heads = [];

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync("ledgerverify");
        _dataSource = NpgsqlDataSource.Create(_database);
        var store = Store(_dataSource, _key);
        await store.InitializeAsync(CancellationToken.None);
        for (var batch = 0; batch < Batches; batch++)
        {
            var records = Enumerable.Range(0, BatchSize).Select(i => Record($"16B{batch:D3}{i:D4}")).ToArray();
            _heads.Add((await store.WriteAsync(records, CancellationToken.None))!.Value);
            _ids.AddRange(records.Select(r => r.ExchangeId));
        }
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _key.Dispose();
        await TestPostgres.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task The_log_as_written_verifies()
    {
        var result = await VerifyAsync();

        Assert.True(result.Valid, string.Join(Environment.NewLine, result.Findings));
        Assert.Equal(Batches, result.Checkpoints);
        Assert.Equal(Batches * BatchSize, result.Records);
    }

    [Fact]
    public async Task A_batch_row_that_no_longer_covers_its_records_is_named_with_what_it_leaves_out()
    {
        // An agency and a subject taken out of batch 2's row, and batch 3's row gone: the rows themselves untouched.
        await SqlAsync(
            "UPDATE exchange_log_batch SET agencies = array_remove(agencies, 'MOL'), subject_ids = array_remove(subject_ids, '16B0010002') WHERE checkpoint_seq = $1",
            2L);
        await SqlAsync("DELETE FROM exchange_log_batch WHERE checkpoint_seq = $1", 3L);

        var findings = (await VerifyAsync()).Findings;

        Assert.All(findings, f => Assert.Equal("batch", f.Kind));
        Assert.Equal(BatchSize + 1, findings.Count);
        Assert.Equal(
            $"checkpoint 2: its row in exchange_log_batch does not cover record exchanges/{_ids[6]} (agency MOL, subject 16B0010002): listings would not show it",
            findings.Single(f => f.Description.Contains(_ids[6].ToString(), StringComparison.Ordinal)).Description);
        Assert.Equal($"checkpoint 3: its row in exchange_log_batch is missing, so listings show none of its {BatchSize} records", findings[^1].Description);
    }

    [Fact]
    public async Task A_batch_row_whose_time_span_was_narrowed_is_named()
    {
        await SqlAsync("UPDATE exchange_log_batch SET last_start = first_start WHERE checkpoint_seq = $1", 1L);

        var findings = (await VerifyAsync()).Findings;

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Contains("(its start time)", f.Description, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_altered_row_is_named_and_the_first_one_comes_first()
    {
        await SqlAsync("UPDATE exchange_log SET caller_system = 'someone-else' WHERE exchange_id = $1", _ids[9]);
        await SqlAsync("UPDATE exchange_log SET status_code = 0, purpose = 'LABOUR_INSPECTION' WHERE exchange_id = $1", _ids[5]);

        var result = await VerifyAsync();

        Assert.Equal(2, result.Findings.Count);
        var first = result.Findings[0];
        Assert.Equal("altered", first.Kind);
        Assert.Equal($"record exchanges/{_ids[5]} (checkpoint 2, leaf 1) was altered: its row no longer hashes to the signed leaf", first.Description);
        Assert.Contains($"exchanges/{_ids[9]} (checkpoint 3, leaf 1)", result.Findings[1].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_row_is_named()
    {
        await SqlAsync("DELETE FROM exchange_log WHERE exchange_id = $1", _ids[6]);

        var finding = Assert.Single((await VerifyAsync()).Findings);

        Assert.Equal("deleted", finding.Kind);
        Assert.Equal($"record exchanges/{_ids[6]} (checkpoint 2, leaf 2) was deleted: no row holds it", finding.Description);
    }

    [Fact]
    public async Task An_inserted_row_is_named_whichever_checkpoint_it_claims()
    {
        var intoBatch = ExchangeIds.New(DateTimeOffset.UtcNow);
        var nowhere = ExchangeIds.New(DateTimeOffset.UtcNow);
        const string Copy = $"INSERT INTO exchange_log ({LogVerifier.RowColumns}) SELECT $1, start_time, caller_agency, caller_system, provider_agency, method, subject_ids, "
            + "status_code, latency_us, cache_hit, request_bytes, response_bytes, request_sha256, response_sha256, purpose, case_reference, "
            + "official_id, $2 FROM exchange_log WHERE exchange_id = $3";
        await SqlAsync(Copy, intoBatch, 2L, _ids[0]);
        await SqlAsync(Copy, nowhere, 99L, _ids[0]);

        var findings = (await VerifyAsync()).Findings;

        Assert.Equal(2, findings.Count);
        Assert.Equal("inserted", findings[0].Kind);
        Assert.Equal($"record exchanges/{intoBatch} was inserted: it claims checkpoint 2, whose entries do not hold it", findings[0].Description);
        Assert.Equal(
            $"record exchanges/{nowhere} was inserted, or its checkpoint deleted: it claims checkpoint 99, which does not exist",
            findings[1].Description);
    }

    [Fact]
    public async Task An_altered_checkpoint_breaks_its_signature_and_is_named()
    {
        await SqlAsync("UPDATE exchange_log_checkpoint SET checkpoint = set_byte(checkpoint, 9, get_byte(checkpoint, 9) # 1) WHERE sequence = 2");

        var findings = (await VerifyAsync()).Findings;
        var first = findings[0];

        Assert.Equal("checkpoint", first.Kind);
        Assert.StartsWith("checkpoint 2: its signature does not verify with key", first.Description, StringComparison.Ordinal);
        Assert.Contains(findings, f => f.Description.StartsWith("checkpoint 3: it does not link to checkpoint 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_checkpoint_replaced_by_one_signed_with_another_key_is_named()
    {
        using var forger = CheckpointKey.Generate();
        var stolen = Checkpoints.Seal(forger, 2, new byte[32], 1, new byte[32], new byte[32], DateTimeOffset.UtcNow);
        await SqlAsync(
            "UPDATE exchange_log_checkpoint SET checkpoint = $1, signature = $2, key_id = $3 WHERE sequence = 2",
            stolen.Checkpoint.ToByteArray(), stolen.Signature.ToByteArray(), stolen.KeyId);

        var first = (await VerifyAsync()).Findings[0];

        Assert.Equal(
            $"checkpoint 2: it is signed with key {forger.KeyId}, which is not among the keys given ({_key.KeyId}): the checkpoint or its "
            + "signature was altered, or it was not made by the hub",
            first.Description);
    }

    [Fact]
    public async Task A_deleted_checkpoint_breaks_the_chain_and_is_named()
    {
        await SqlAsync("DELETE FROM exchange_log_checkpoint WHERE sequence = 2");

        var findings = (await VerifyAsync()).Findings;

        Assert.Equal("checkpoint 2 is missing: checkpoint 1 is followed by checkpoint 3", findings[0].Description);
        Assert.Equal(BatchSize, findings.Count(f => f.Kind == "inserted" && f.Sequence == 2));
    }

    [Fact]
    public async Task Kept_heads_still_in_the_chain_verify_and_a_replaced_one_is_named()
    {
        using var keys = new KeyRing([CheckpointKey.FromPem(_key.PublicKeyPem)]);
        var forged = new ChainHead(2, new string('0', 64));

        var kept = await LogVerifier.VerifyAsync(_dataSource, keys, null, null, CancellationToken.None, _heads);
        var replaced = await LogVerifier.VerifyAsync(_dataSource, keys, null, null, CancellationToken.None, [forged]);

        Assert.Equal([1L, 2L, 3L], _heads.Select(h => h.Sequence));
        Assert.True(kept.Valid, string.Join(Environment.NewLine, kept.Findings));
        Assert.Equal(
            $"checkpoint 2 is not the one kept ({forged}): its chain hash is now {_heads[1].HashHex}, so it was replaced",
            Assert.Single(replaced.Findings).Description);
    }

    [Fact]
    public async Task A_deleted_tail_passes_alone_and_is_named_against_a_kept_head()
    {
        await using (var rows = _dataSource.CreateCommand("DELETE FROM exchange_log WHERE checkpoint_seq = 3"))
        {
            Assert.Equal(BatchSize, await rows.ExecuteNonQueryAsync());
        }

        await SqlAsync("DELETE FROM exchange_log_checkpoint WHERE sequence = $1", 3L);
        using var keys = new KeyRing([CheckpointKey.FromPem(_key.PublicKeyPem)]);

        var alone = await LogVerifier.VerifyAsync(_dataSource, keys, null, null, CancellationToken.None);
        var againstHead = await LogVerifier.VerifyAsync(_dataSource, keys, null, null, CancellationToken.None, [_heads[2]]);

        Assert.True(alone.Valid);
        Assert.Equal(
            $"checkpoint 3 (kept head {_heads[2]}) is missing: the chain ends at checkpoint 2, so its tail was deleted",
            Assert.Single(againstHead.Findings).Description);
    }

    [Fact]
    public async Task An_altered_entry_list_is_named()
    {
        // One bit flipped, not a byte set: a byte that already held the value set would leave the list as it was.
        await SqlAsync("UPDATE exchange_log_checkpoint SET entries = set_byte(entries, 19, get_byte(entries, 19) # 1) WHERE sequence = 3");

        var finding = Assert.Single((await VerifyAsync()).Findings);

        Assert.Equal("checkpoint 3: its entry list was altered (its hash is not the signed entries_sha256)", finding.Description);
    }

    [Fact]
    public async Task The_wrong_key_verifies_no_checkpoint()
    {
        using var other = CheckpointKey.Generate();
        using var keys = new KeyRing([CheckpointKey.FromPem(other.PublicKeyPem)]);

        var result = await LogVerifier.VerifyAsync(_dataSource, keys, null, null, CancellationToken.None);

        Assert.Equal(Batches, result.Findings.Count);
        Assert.All(result.Findings, f => Assert.Contains($"signed with key {_key.KeyId}, which is not among the keys given", f.Description, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_writers_on_one_database_keep_one_valid_chain()
    {
        using var secondKey = CheckpointKey.Generate();
        await using var secondSource = NpgsqlDataSource.Create(_database);
        var writers = new[] { Store(_dataSource, _key), Store(secondSource, secondKey) };

        await Task.WhenAll(writers.Select(writer => Task.Run(async () =>
        {
            for (var batch = 0; batch < 15; batch++)
            {
                await writer.WriteAsync(Enumerable.Range(0, 3).Select(i => Record($"16C{batch:D3}{i:D4}")).ToArray(), CancellationToken.None);
            }
        })));

        using var keys = new KeyRing([CheckpointKey.FromPem(_key.PublicKeyPem), CheckpointKey.FromPem(secondKey.PublicKeyPem)]);
        var result = await LogVerifier.VerifyAsync(_dataSource, keys, null, null, CancellationToken.None);
        Assert.True(result.Valid, string.Join(Environment.NewLine, result.Findings));
        Assert.Equal(Batches + 30, result.Checkpoints);
        Assert.Equal((Batches * BatchSize) + 90, result.Records);
    }

    [Fact]
    public async Task A_write_tried_again_after_its_commit_is_stored_once()
    {
        // The writer tries a write again whenever its attempt threw, including when the server committed and only the
        // answer was lost; by then another instance may have written after it.
        var store = new PostgresExchangeStore(_dataSource, new CheckpointSigner(_key, TimeProvider.System), TimeProvider.System, batchSize: 4);
        using var write = store.StartWrite();
        foreach (var record in Enumerable.Range(0, 6).Select(i => Record($"16E000{i:D4}")))
        {
            write.Add(record);
        }

        var stored = await store.WriteAsync(write, CancellationToken.None);
        await Store(_dataSource, _key).WriteAsync(new[] { Record("16E0010000") }, CancellationToken.None);

        var again = await store.WriteAsync(write, CancellationToken.None);

        Assert.Equal(stored, again);
        var result = await VerifyAsync();
        Assert.True(result.Valid, string.Join(Environment.NewLine, result.Findings));
        Assert.Equal(Batches + 3, result.Checkpoints);
        Assert.Equal((Batches * BatchSize) + 7, result.Records);
    }

    [Fact]
    public async Task A_write_after_its_days_partition_was_dropped_fails_once_then_creates_it_again()
    {
        var store = Store(_dataSource, _key);
        await store.WriteAsync(new[] { Record("16F0000000") }, CancellationToken.None);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await using (var drop = _dataSource.CreateCommand($"DROP TABLE {LogVerifier.PartitionName(today)}"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await Assert.ThrowsAsync<PostgresException>(() => store.WriteAsync(new[] { Record("16F0000001") }, CancellationToken.None));
        await store.WriteAsync(new[] { Record("16F0000002") }, CancellationToken.None);

        Assert.Equal(1L, await ScalarAsync<long>($"SELECT count(*) FROM {LogVerifier.PartitionName(today)}"));
    }

    [Fact]
    public async Task One_write_of_more_records_than_a_batch_seals_each_batch_under_its_own_chained_checkpoint()
    {
        var store = new PostgresExchangeStore(_dataSource, new CheckpointSigner(_key, TimeProvider.System), TimeProvider.System, batchSize: 4);
        var records = Enumerable.Range(0, 10).Select(i => Record($"16D000{i:D4}")).ToArray();

        var head = await store.WriteAsync(records, CancellationToken.None);
        var result = await VerifyAsync();

        Assert.Equal(Batches + 3, head!.Value.Sequence);
        Assert.True(result.Valid, string.Join(Environment.NewLine, result.Findings));
        Assert.Equal(Batches + 3, result.Checkpoints);
        Assert.Equal((Batches * BatchSize) + records.Length, result.Records);
        for (var i = 0; i < records.Length; i++)
        {
            var receipt = await store.FindReceiptAsync(records[i].ExchangeId, "MOL", CancellationToken.None);
            var checkpoint = Interop.Hub.V1.Checkpoint.Parser.ParseFrom(receipt!.Checkpoint.Checkpoint);
            Assert.Equal((ulong)(Batches + 1 + (i / 4)), checkpoint.Sequence);
            Assert.Equal(i < 8 ? 4UL : 2UL, checkpoint.RecordCount);
        }
    }

    [Fact]
    public async Task A_time_range_checks_only_its_checkpoints_and_their_link_to_the_one_before()
    {
        var sealedAt = await ScalarAsync<DateTime>("SELECT create_time FROM exchange_log_checkpoint WHERE sequence = 2");
        await SqlAsync("UPDATE exchange_log SET caller_system = 'x' WHERE exchange_id = $1", _ids[1]);
        using var keys = new KeyRing([CheckpointKey.FromPem(_key.PublicKeyPem)]);

        var later = await LogVerifier.VerifyAsync(_dataSource, keys, sealedAt, null, CancellationToken.None);
        var all = await LogVerifier.VerifyAsync(_dataSource, keys, null, null, CancellationToken.None);

        Assert.True(later.Valid, string.Join(Environment.NewLine, later.Findings));
        Assert.Equal(2, later.Checkpoints);
        Assert.Contains($"exchanges/{_ids[1]} (checkpoint 1, leaf 1) was altered", Assert.Single(all.Findings).Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_time_range_checks_a_checkpoint_stamped_earlier_than_the_one_before_by_another_instances_clock()
    {
        // Two instances a second apart: the second seals checkpoint 5 at a time before checkpoint 4's.
        var start = DateTimeOffset.UtcNow.AddMinutes(1);
        var ahead = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(start.AddSeconds(2));
        var behind = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(start.AddSeconds(1));
        var first = new PostgresExchangeStore(_dataSource, new CheckpointSigner(_key, ahead), TimeProvider.System);
        var second = new PostgresExchangeStore(_dataSource, new CheckpointSigner(_key, behind), TimeProvider.System);
        await first.WriteAsync(new[] { Record("16G0000001") }, CancellationToken.None);
        await second.WriteAsync(new[] { Record("16G0000002") }, CancellationToken.None);
        ahead.Advance(TimeSpan.FromSeconds(1));
        await first.WriteAsync(new[] { Record("16G0000003") }, CancellationToken.None);
        using var keys = new KeyRing([CheckpointKey.FromPem(_key.PublicKeyPem)]);

        var result = await LogVerifier.VerifyAsync(_dataSource, keys, start.AddSeconds(2), null, CancellationToken.None);

        Assert.True(result.Valid, string.Join(Environment.NewLine, result.Findings));
        Assert.Equal(3, result.Checkpoints);
        Assert.Equal(3, result.Records);
    }

    [Fact]
    public async Task A_log_from_before_checkpoints_is_upgraded_and_its_old_rows_are_reported_unsealed()
    {
        var database = await TestPostgres.CreateDatabaseAsync("ledgerupgrade");
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(database);
            var legacy = ExchangeIds.New(DateTimeOffset.UtcNow);
            await using (var create = dataSource.CreateCommand(
                """
                CREATE TABLE exchange_log (exchange_id uuid NOT NULL, start_time timestamptz NOT NULL, caller_agency text NOT NULL,
                    caller_system text NOT NULL, provider_agency text NOT NULL, method text NOT NULL, subject_ids text[] NOT NULL,
                    status_code smallint NOT NULL, latency_us bigint NOT NULL, cache_hit boolean NOT NULL, request_bytes bigint NOT NULL,
                    response_bytes bigint NOT NULL, request_sha256 bytea NOT NULL, response_sha256 bytea NOT NULL) PARTITION BY RANGE (start_time);
                """))
            {
                await create.ExecuteNonQueryAsync();
            }

            // Today's partition as the old store named it; the new one finds it there.
            var today = DateTime.UtcNow.Date;
            await using (var partition = dataSource.CreateCommand(
                $"CREATE TABLE exchange_log_{today:yyyyMMdd} PARTITION OF exchange_log FOR VALUES FROM ('{today:yyyy-MM-dd} 00:00:00+00') TO ('{today.AddDays(1):yyyy-MM-dd} 00:00:00+00')"))
            {
                await partition.ExecuteNonQueryAsync();
            }

            await using (var insert = dataSource.CreateCommand(
                "INSERT INTO exchange_log VALUES ($1, now(), 'MOL', 'old', 'CR', '/m', '{}', 0, 1, false, 1, 1, '\\x00', '\\x00')"))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = legacy });
                await insert.ExecuteNonQueryAsync();
            }

            var store = Store(dataSource, _key);
            await store.InitializeAsync(CancellationToken.None);
            await store.WriteAsync(new[] { Record("16B0000009") }, CancellationToken.None);
            using var keys = new KeyRing([CheckpointKey.FromPem(_key.PublicKeyPem)]);
            var result = await LogVerifier.VerifyAsync(dataSource, keys, null, null, CancellationToken.None);

            Assert.Equal(1, result.Checkpoints);
            Assert.Equal(
                $"record exchanges/{legacy} is sealed by no checkpoint (checkpoint 0): inserted, or written before the log had checkpoints",
                Assert.Single(result.Findings).Description);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    internal static ExchangeRecord Record(string subject, string purpose = "WORK_PERMIT_APPLICATION", string caseReference = "WP-2026-1",
        string caller = "MOL", string provider = "CR", StatusCode status = StatusCode.OK)
    {
        var start = ExchangeRecord.ToMicroseconds(DateTimeOffset.UtcNow);
        return new ExchangeRecord
        {
            ExchangeId = ExchangeIds.New(start),
            StartTime = start,
            CallerAgency = caller,
            CallerSystem = "backoffice",
            ProviderAgency = provider,
            Method = "/interop.employers.v1.EmployerRegistry/GetEmployer",
            SubjectIds = [subject],
            StatusCode = status,
            Latency = TimeSpan.FromMicroseconds(1234),
            RequestBytes = 20,
            ResponseBytes = 300,
            RequestSha256 = Sha256Digest.From(new byte[32]),
            ResponseSha256 = Sha256Digest.From(Enumerable.Repeat((byte)7, 32).ToArray()),
            Purpose = purpose,
            CaseReference = caseReference,
        };
    }

    internal static PostgresExchangeStore Store(NpgsqlDataSource dataSource, CheckpointKey key) =>
        new(dataSource, new CheckpointSigner(key, TimeProvider.System), TimeProvider.System);

    private async Task<LogVerification> VerifyAsync()
    {
        using var keys = new KeyRing([CheckpointKey.FromPem(_key.PublicKeyPem)]);
        return await LogVerifier.VerifyAsync(_dataSource, keys, null, null, CancellationToken.None);
    }

    private async Task SqlAsync(string sql, params object[] values)
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
