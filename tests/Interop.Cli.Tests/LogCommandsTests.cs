using Google.Protobuf;
using Interop.Hub.ExchangeLog;
using Interop.Hub.V1;
using Interop.Ledger;
using Interop.Testing;
using Npgsql;

namespace Interop.Cli.Tests;

/// <summary><c>interop log</c> against the sandbox hub, whose exchange log is kept in memory.</summary>
public sealed class LogCommandsTests(CliSandbox sandbox) : IClassFixture<CliSandbox>
{
    [Fact]
    public async Task List_shows_the_callers_exchanges_and_get_shows_one_with_its_digests()
    {
        var employer = sandbox.Population.Employer(4).RegistryNumber;
        var lookup = await sandbox.RunAsCallerAsync("SSF/log-list", "employers", "get", employer, "--json");
        Assert.Equal(ExitCodes.Success, lookup.ExitCode);

        var listed = await ListUntilAsync("SSF/log-list", r => r.Exchanges.Any(e => e.SubjectIds.Contains(employer)), "--subject", employer);
        var exchange = Assert.Single(listed.Exchanges);
        Assert.Equal("SSF", exchange.CallerAgency);
        Assert.Equal("CR", exchange.ProviderAgency);
        Assert.Equal("/interop.employers.v1.EmployerRegistry/GetEmployer", exchange.Method);

        var table = await sandbox.RunAsCallerAsync("SSF/log-list", "log", "list", "--subject", employer);
        Assert.Equal(ExitCodes.Success, table.ExitCode);
        Assert.Contains(exchange.ExchangeId, table.Stdout, StringComparison.Ordinal);
        Assert.Contains("EmployerRegistry/GetEmployer", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 exchange", table.Stdout, StringComparison.Ordinal);

        var get = await sandbox.RunAsCallerAsync("SSF/log-list", "log", "get", exchange.ExchangeId);
        Assert.Equal(ExitCodes.Success, get.ExitCode);
        Assert.Contains($"exchanges/{exchange.ExchangeId}", get.Stdout, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(exchange.RequestSha256.Span), get.Stdout, StringComparison.Ordinal);
        Assert.Contains("SSF/log-list", get.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_agencys_exchange_is_not_found()
    {
        var employer = sandbox.Population.Employer(8).RegistryNumber;
        await sandbox.RunAsCallerAsync("GS/log-private", "employers", "get", employer);
        var listed = await ListUntilAsync("GS/log-private", r => r.Exchanges.Any(e => e.SubjectIds.Contains(employer)), "--subject", employer);
        var id = listed.Exchanges.Single().ExchangeId;

        var run = await sandbox.RunAsCallerAsync("MOL/log-private", "log", "get", $"exchanges/{id}");

        Assert.Equal(15, run.ExitCode);
        Assert.StartsWith("error: NOT_FOUND: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_follows_every_page()
    {
        for (var i = 0; i < 5; i++)
        {
            await sandbox.RunAsCallerAsync("GS/log-pages", "permits", "get", $"WP-2025-{i:D7}");
        }

        await ListUntilAsync("GS/log-pages", r => r.Exchanges.Count(e => e.CallerSystem == "log-pages") >= 5);

        var paged = await sandbox.RunAsCallerAsync("GS/log-pages", "log", "list", "--page-size", "2");
        var all = await sandbox.RunAsCallerAsync("GS/log-pages", "log", "list", "--page-size", "2", "--all", "--json");

        Assert.Contains("More exchanges: --page-token ", paged.Stdout, StringComparison.Ordinal);
        var response = JsonParser.Default.Parse<ListExchangesResponse>(all.Stdout);
        Assert.True(response.Exchanges.Count(e => e.CallerSystem == "log-pages") >= 5);
        Assert.Empty(response.NextPageToken);
    }

    [Fact]
    public async Task A_malformed_time_is_a_usage_error()
    {
        var run = await sandbox.RunAsync("log", "list", "--from", "yesterday");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'yesterday' is not a time", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_narrow_the_list()
    {
        var run = await sandbox.RunAsync("log", "list", "--from", "2001-01-01", "--to", "2001-01-02T00:00", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(JsonParser.Default.Parse<ListExchangesResponse>(run.Stdout).Exchanges);
    }

    [Fact]
    public async Task A_receipt_saved_by_the_cli_verifies_offline_and_a_tampered_one_does_not()
    {
        var employer = sandbox.Population.Employer(12).RegistryNumber;
        await sandbox.RunAsCallerAsync("SSF/log-receipt", "employers", "get", employer);
        var listed = await ListUntilAsync("SSF/log-receipt", r => r.Exchanges.Any(e => e.SubjectIds.Contains(employer)), "--subject", employer);
        var id = listed.Exchanges.Single().ExchangeId;
        var directory = System.IO.Directory.CreateTempSubdirectory("interop-receipt-").FullName;
        var (receiptFile, keyFile) = (Path.Combine(directory, "receipt.json"), Path.Combine(directory, "hub-key.pem"));

        var saved = await sandbox.RunAsCallerAsync("SSF/log-receipt", "log", "receipt", id, "--out", receiptFile);
        var keys = await sandbox.RunAsCallerAsync("SSF/log-receipt", "log", "keys", "--out", keyFile);
        var verified = await sandbox.RunAsync("log", "verify-receipt", receiptFile, "--key", keyFile);

        Assert.Equal(ExitCodes.Success, saved.ExitCode);
        Assert.Contains($"Receipt of exchanges/{id} written to {receiptFile}", saved.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, keys.ExitCode);
        Assert.Equal(ExitCodes.Success, verified.ExitCode);
        Assert.StartsWith($"VALID: exchanges/{id} is record ", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains("SSF/log-receipt -> CR /interop.employers.v1.EmployerRegistry/GetEmployer", verified.Stdout, StringComparison.Ordinal);

        var receipt = JsonParser.Default.Parse<Receipt>(await File.ReadAllTextAsync(receiptFile));
        var exchange = Exchange.Parser.ParseFrom(receipt.Leaf);
        exchange.CallerAgency = "MOL";
        receipt.Leaf = exchange.ToByteString();
        await File.WriteAllTextAsync(receiptFile, JsonFormatter.Default.Format(receipt));
        var tampered = await sandbox.RunAsync("log", "verify-receipt", receiptFile, "--key", keyFile);

        Assert.Equal(ExitCodes.VerificationFailed, tampered.ExitCode);
        Assert.Equal("NOT VALID: leaf_sha256 is not SHA-256(0x00 || leaf): the record was changed.", tampered.Stdout.Trim());
    }

    [Fact]
    public async Task Verify_checks_the_log_in_the_database_and_names_the_first_altered_record()
    {
        var database = await TestPostgres.CreateDatabaseAsync("cliverify");
        try
        {
            using var key = CheckpointKey.Generate();
            var keyFile = await PublicKeyFileAsync(key);
            var ids = new List<Guid>();
            await using (var dataSource = NpgsqlDataSource.Create(database))
            {
                var store = await StoreAsync(dataSource, key);
                for (var batch = 0; batch < 2; batch++)
                {
                    var records = Enumerable.Range(0, 3).Select(_ => Record()).ToArray();
                    await store.WriteAsync(records, CancellationToken.None);
                    ids.AddRange(records.Select(r => r.ExchangeId));
                }

                await using var alter = dataSource.CreateCommand("UPDATE exchange_log SET subject_ids = '{}' WHERE exchange_id = $1");
                var valid = await sandbox.RunAsync("log", "verify", "--database", database, "--key", keyFile);
                alter.Parameters.Add(new NpgsqlParameter { Value = ids[4] });
                await alter.ExecuteNonQueryAsync();
                var invalid = await sandbox.RunAsync("log", "verify", "--database", database, "--key", keyFile);

                Assert.Equal(ExitCodes.Success, valid.ExitCode);
                Assert.Equal("VALID: 2 checkpoints, 6 records: every signature, link, root and row checks.", valid.Stdout.Trim());
                Assert.Equal(ExitCodes.VerificationFailed, invalid.ExitCode);
                Assert.Contains(
                    $"FIRST: record exchanges/{ids[4]} (checkpoint 2, leaf 1) was altered: its row no longer hashes to the signed leaf",
                    invalid.Stdout,
                    StringComparison.Ordinal);
            }
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Verify_with_a_kept_head_names_a_deleted_tail_that_the_log_alone_cannot_show()
    {
        var database = await TestPostgres.CreateDatabaseAsync("cliverifyhead");
        try
        {
            using var key = CheckpointKey.Generate();
            var keyFile = await PublicKeyFileAsync(key);
            await using var dataSource = NpgsqlDataSource.Create(database);
            var store = await StoreAsync(dataSource, key);
            ChainHead? kept = null;
            for (var batch = 0; batch < 3; batch++)
            {
                kept = await store.WriteAsync(Enumerable.Range(0, 2).Select(_ => Record()).ToArray(), CancellationToken.None);
            }

            // The last checkpoint and its rows, deleted together: every remaining link, root and row still checks.
            await using (var cut = dataSource.CreateCommand(
                "DELETE FROM exchange_log WHERE checkpoint_seq = 3; DELETE FROM exchange_log_checkpoint WHERE sequence = 3"))
            {
                await cut.ExecuteNonQueryAsync();
            }

            var withoutHead = await sandbox.RunAsync("log", "verify", "--database", database, "--key", keyFile);
            var withHead = await sandbox.RunAsync("log", "verify", "--database", database, "--key", keyFile, "--head", kept!.Value.ToString());
            var malformed = await sandbox.RunAsync("log", "verify", "--database", database, "--key", keyFile, "--head", "3:abc");

            Assert.Equal(ExitCodes.Success, withoutHead.ExitCode);
            Assert.Equal(ExitCodes.VerificationFailed, withHead.ExitCode);
            Assert.Contains(
                $"FIRST: checkpoint 3 (kept head {kept}) is missing: the chain ends at checkpoint 2, so its tail was deleted",
                withHead.Stdout,
                StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Usage, malformed.ExitCode);
            Assert.Contains("'3:abc' is not a head", malformed.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Archive_moves_past_days_to_files_and_verify_checks_them_there()
    {
        var database = await TestPostgres.CreateDatabaseAsync("cliarchive");
        var directory = System.IO.Directory.CreateTempSubdirectory("interop-archive-").FullName;
        try
        {
            using var key = CheckpointKey.Generate();
            var keyFile = await PublicKeyFileAsync(key);
            // Noon, so that its three records, a second apart, fall on one day whenever the test runs.
            var old = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-5).AddHours(12), TimeSpan.Zero);
            var oldRecords = Enumerable.Range(0, 3).Select(i => Record(old.AddSeconds(i))).ToArray();
            var recent = Record();
            await using (var dataSource = NpgsqlDataSource.Create(database))
            {
                var store = await StoreAsync(dataSource, key);
                await store.WriteAsync(oldRecords, CancellationToken.None);
                await store.WriteAsync(new[] { recent, Record() }, CancellationToken.None);
            }

            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var archived = await sandbox.RunAsync("log", "archive", "--database", database, "--before", $"{today:yyyy-MM-dd}", "--out", directory);
            var withoutFiles = await sandbox.RunAsync("log", "verify", "--database", database, "--key", keyFile);
            var checkedThere = await sandbox.RunAsync("log", "verify", "--database", database, "--key", keyFile, "--archive", directory);
            var nothingLeft = await sandbox.RunAsync("log", "archive", "--database", database, "--before", $"{today:yyyy-MM-dd}", "--out", directory);
            var subject = await sandbox.RunAsync("log", "archive-subject", "16B0000001", "--archive", directory);
            var nobody = await sandbox.RunAsync("log", "archive-subject", "16B9999999", "--archive", directory);
            var noDirectory = await sandbox.RunAsync("log", "archive-subject", "16B0000001", "--archive", directory + "-missing");
            var garbled = Path.Combine(directory, "exchange_log_20000101.exchanges");
            await File.WriteAllBytesAsync(garbled, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
            var unreadable = await sandbox.RunAsync("log", "archive-subject", "16B0000001", "--archive", directory);
            var notADay = await sandbox.RunAsync("log", "archive", "--database", database, "--before", "2026-13-01", "--out", directory);
            var receiptFile = Path.Combine(directory, "receipt.json");
            var receipt = await sandbox.RunAsync(
                "log", "archive-receipt", $"exchanges/{oldRecords[1].ExchangeId}", "--database", database, "--archive", directory, "--out", receiptFile);
            var receiptChecked = await sandbox.RunAsync("log", "verify-receipt", receiptFile, "--key", keyFile);
            var notArchived = await sandbox.RunAsync("log", "archive-receipt", recent.ExchangeId.ToString(), "--database", database, "--archive", directory);
            var notAnExchange = await sandbox.RunAsync("log", "archive-receipt", "16B0000001", "--database", database, "--archive", directory);
            var restored = await sandbox.RunAsync("log", "restore", "--database", database, "--day", $"{old:yyyy-MM-dd}", "--archive", directory);
            var afterRestore = await sandbox.RunAsync("log", "verify", "--database", database, "--key", keyFile);
            var restoredTwice = await sandbox.RunAsync("log", "restore", "--database", database, "--day", $"{old:yyyy-MM-dd}", "--archive", directory);

            Assert.Equal(ExitCodes.Success, archived.ExitCode);
            var oldFile = Path.Combine(directory, $"exchange_log_{old:yyyyMMdd}.exchanges");
            Assert.Contains($"{old:yyyy-MM-dd}: 3 records -> {oldFile} (SHA-256 ", archived.Stdout, StringComparison.Ordinal);
            Assert.Contains("partition dropped", archived.Stdout, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Success, withoutFiles.ExitCode);
            Assert.Equal(
                "VALID: 2 checkpoints, 2 records: every signature, link, root and row checks." + Environment.NewLine
                + "Not checked: 3 records of archived days (--archive <directory> checks them against their files).",
                withoutFiles.Stdout.Trim());
            Assert.Equal(ExitCodes.Success, checkedThere.ExitCode);
            Assert.Equal("VALID: 2 checkpoints, 2 records and 3 archived: every signature, link, root and row checks.", checkedThere.Stdout.Trim());
            Assert.Equal(ExitCodes.Success, nothingLeft.ExitCode);
            Assert.StartsWith("Nothing to archive", nothingLeft.Stdout, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Success, subject.ExitCode);
            Assert.Contains("Who consulted 16B0000001 (archived days)", subject.Stdout, StringComparison.Ordinal);
            Assert.Contains("3 accesses", subject.Stdout, StringComparison.Ordinal);
            Assert.Contains("MOL/cli-verify", subject.Stdout, StringComparison.Ordinal);
            Assert.Contains("0 accesses", nobody.Stdout, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Usage, noDirectory.ExitCode);
            Assert.Contains("does not exist", noDirectory.Stderr, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Failure, unreadable.ExitCode);
            Assert.StartsWith($"error: {garbled}: A record's length in the archive file is longer than five bytes.", unreadable.Stderr, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Usage, notADay.ExitCode);
            Assert.Contains("'2026-13-01' is not a day", notADay.Stderr, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Success, receipt.ExitCode);
            Assert.StartsWith(
                $"Receipt of archived exchanges/{oldRecords[1].ExchangeId} written to {receiptFile}: record 2 of 3 in checkpoint 1, signed by key {key.KeyId}.",
                receipt.Stdout,
                StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Success, receiptChecked.ExitCode);
            Assert.StartsWith($"VALID: exchanges/{oldRecords[1].ExchangeId} is record 2 of 3 in checkpoint 1", receiptChecked.Stdout, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Usage, notArchived.ExitCode);
            Assert.Contains("is not archived: the hub gives its receipt (interop log receipt)", notArchived.Stderr, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Usage, notAnExchange.ExitCode);
            Assert.Contains("'exchanges/16B0000001' is not an exchange", notAnExchange.Stderr, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Success, restored.ExitCode);
            Assert.Equal(
                $"{old:yyyy-MM-dd}: 3 records restored into exchange_log_{old:yyyyMMdd}; the day is no longer archived (its file stays).",
                restored.Stdout.Trim());
            Assert.Equal("VALID: 2 checkpoints, 5 records: every signature, link, root and row checks.", afterRestore.Stdout.Trim());
            Assert.Equal(ExitCodes.Usage, restoredTwice.ExitCode);
            Assert.Contains("is not archived", restoredTwice.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<string> PublicKeyFileAsync(CheckpointKey key)
    {
        var file = Path.Combine(System.IO.Directory.CreateTempSubdirectory("interop-verify-").FullName, "hub-key.pem");
        await File.WriteAllTextAsync(file, key.PublicKeyPem);
        return file;
    }

    private static async Task<PostgresExchangeStore> StoreAsync(NpgsqlDataSource dataSource, CheckpointKey key)
    {
        var store = new PostgresExchangeStore(dataSource, new CheckpointSigner(key, TimeProvider.System), TimeProvider.System);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    [Fact]
    public async Task Verify_receipt_without_a_readable_key_or_receipt_says_which()
    {
        var missing = await sandbox.RunAsync("log", "verify-receipt", "/nonexistent/receipt.json", "--key", "/nonexistent/key.pem");
        var noKey = await sandbox.RunAsync("log", "verify-receipt", "receipt.json");

        Assert.Equal(ExitCodes.Failure, missing.ExitCode);
        Assert.Contains("/nonexistent/receipt.json", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, noKey.ExitCode);
        Assert.Contains("--key", noKey.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subject_lists_who_consulted_an_id_with_purpose_and_case()
    {
        var employer = sandbox.Population.Employer(14).RegistryNumber;
        await sandbox.RunAsCallerAsync("SSF/log-subject", "employers", "get", employer);
        await ListUntilAsync("SSF/log-subject", r => r.Exchanges.Any(e => e.SubjectIds.Contains(employer)), "--subject", employer);

        var report = await sandbox.RunAsCallerAsync("PORTAL/web", "log", "subject", employer, "--json");
        var table = await sandbox.RunAsCallerAsync("PORTAL/web", "log", "subject", employer);
        var refused = await sandbox.RunAsCallerAsync("MOL/log-subject", "log", "subject", employer);

        Assert.Equal(ExitCodes.Success, report.ExitCode);
        var access = Assert.Single(JsonParser.Default.Parse<ListSubjectAccessesResponse>(report.Stdout).SubjectAccesses, a => a.CallerSystem == "log-subject");
        Assert.Equal(("SSF", "CR", "CONTRIBUTION_COLLECTION", SandboxPurposes.CaseReference), (access.CallerAgency, access.ProviderAgency, access.Purpose, access.CaseReference));
        Assert.Contains("SSF/log-subject", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("CONTRIBUTION_COLLECTION", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ForStatus(Grpc.Core.StatusCode.PermissionDenied), refused.ExitCode);
    }

    [Fact]
    public void Bare_ids_become_resource_names() =>
        Assert.Equal("exchanges/0197a5c2-3f4e-7b6a-9c1d-2e3f4a5b6c7d", ResourceNames.Exchange(" 0197a5c2-3f4e-7b6a-9c1d-2e3f4a5b6c7d "));

    /// <summary>The log is written off the request path: ask again until it shows what the test did.</summary>
    private async Task<ListExchangesResponse> ListUntilAsync(string caller, Func<ListExchangesResponse, bool> done, params string[] filters)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var run = await sandbox.RunAsCallerAsync(caller, ["log", "list", "--json", .. filters]);
            Assert.Equal(ExitCodes.Success, run.ExitCode);
            var response = JsonParser.Default.Parse<ListExchangesResponse>(run.Stdout);
            if (done(response) || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(50);
        }
    }

    private static ExchangeRecord Record(DateTimeOffset? at = null)
    {
        var start = ExchangeRecord.ToMicroseconds(at ?? DateTimeOffset.UtcNow);
        return new ExchangeRecord
        {
            ExchangeId = ExchangeIds.New(start),
            StartTime = start,
            CallerAgency = "MOL",
            CallerSystem = "cli-verify",
            ProviderAgency = "CR",
            Method = "/interop.employers.v1.EmployerRegistry/GetEmployer",
            SubjectIds = ["16B0000001"],
            Purpose = "WORK_PERMIT_APPLICATION",
            CaseReference = "WP-2026-1",
        };
    }
}
