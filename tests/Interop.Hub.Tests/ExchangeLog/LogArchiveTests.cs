using Google.Protobuf;
using Google.Rpc;
using Interop.Hub.Errors;
using Interop.Hub.ExchangeLog;
using Interop.Hub.V1;
using Interop.Ledger;
using Interop.Testing;
using Npgsql;
using LoggedExchange = Interop.Hub.V1.Exchange;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>
/// <c>interop log archive</c> over a real log written by the hub's store: past days leave the database for files, the
/// chain still verifies, and the files are checked record by record against the signed leaves. One fresh database and
/// archive directory per test.
/// </summary>
public sealed class LogArchiveTests : IAsyncLifetime
{
    private static readonly DateOnly _today = DateOnly.FromDateTime(DateTime.UtcNow);

    private readonly CheckpointKey _key = CheckpointKey.Generate();
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("interop-archive-").FullName;
    private readonly Dictionary<DateOnly, List<Guid>> _ids = [];
    private string _database = "";
    private NpgsqlDataSource _dataSource = null!;

    /// <summary>Five and four days ago (archivable), yesterday and today (never).</summary>
    private static DateOnly Old => _today.AddDays(-5);

    private static DateOnly Older => _today.AddDays(-4);

    private static DateOnly Yesterday => _today.AddDays(-1);

    private static DateOnly[] DaysBeforeYesterday => [.. Enumerable.Range(0, 4).Select(Old.AddDays)];

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync("ledgerarchive");
        _dataSource = NpgsqlDataSource.Create(_database);
        var store = LogVerificationTests.Store(_dataSource, _key);
        await store.InitializeAsync(CancellationToken.None);
        await WriteAsync(store, Old, Old, Old);
        // One checkpoint over two days, one archived and one kept: its records are checked half in the file, half in the database.
        await WriteAsync(store, Older, Older, Yesterday, Yesterday);
        await WriteAsync(store, _today, _today);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _key.Dispose();
        await TestPostgres.DropDatabaseAsync(_database);
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Past_days_move_to_files_their_partitions_go_and_the_log_still_verifies()
    {
        var archived = await ArchiveAsync(before: _today);

        // The store creates a new day's partition and the next three: the two days after Older are archived empty.
        Assert.Equal(DaysBeforeYesterday, archived.Select(a => a.Day));
        Assert.Equal([3L, 2L, 0L, 0L], archived.Select(a => a.Records));
        Assert.False(await PartitionExistsAsync(Old));
        Assert.False(await PartitionExistsAsync(Older));
        Assert.True(await PartitionExistsAsync(Yesterday));
        Assert.True(await PartitionExistsAsync(_today));
        foreach (var day in archived)
        {
            await using var file = File.OpenRead(Path.Combine(_directory, day.File));
            Assert.Equal(_ids.GetValueOrDefault(day.Day) ?? [], LogArchive.ReadLeaves(file).Select(leaf => Guid.Parse(LoggedExchange.Parser.ParseFrom(leaf).ExchangeId)));
            file.Position = 0;
            Assert.Equal(day.Sha256, System.Security.Cryptography.SHA256.HashData(file));
        }

        var withoutFiles = await VerifyAsync(archiveDirectory: null);
        var withFiles = await VerifyAsync(_directory);

        Assert.True(withoutFiles.Valid, string.Join(Environment.NewLine, withoutFiles.Findings));
        Assert.Equal((4L, 0L, 5L), (withoutFiles.Records, withoutFiles.ArchivedChecked, withoutFiles.ArchivedUnchecked));
        Assert.True(withFiles.Valid, string.Join(Environment.NewLine, withFiles.Findings));
        Assert.Equal((4L, 5L, 0L), (withFiles.Records, withFiles.ArchivedChecked, withFiles.ArchivedUnchecked));
    }

    [Fact]
    public async Task The_hub_answers_an_archived_exchange_with_its_day_and_still_serves_the_others()
    {
        await ArchiveAsync(before: _today);
        await using var hub = ExchangeLogTesting.LoggingHub(_database, ("ExchangeLog:ReceiptPendingWindow", "00:00:03"));
        var log = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(hub.Invoker("MOL/archive"));
        var archived = $"exchanges/{_ids[Old][0]}";
        var neverLogged = $"exchanges/{ExchangeIds.New(DateTimeOffset.UtcNow.AddDays(-30))}";

        var get = await RpcAssert.FailsWith(Grpc.Core.StatusCode.NotFound, ErrorReasons.ExchangeArchived,
            () => log.GetExchangeAsync(new GetExchangeRequest { Name = archived }).ResponseAsync);
        await RpcAssert.FailsWith(Grpc.Core.StatusCode.NotFound, ErrorReasons.ExchangeArchived,
            () => log.GetReceiptAsync(new GetReceiptRequest { Name = $"{archived}/receipt" }).ResponseAsync);
        await RpcAssert.FailsWith(Grpc.Core.StatusCode.NotFound, ErrorReasons.ResourceNotFound,
            () => log.GetExchangeAsync(new GetExchangeRequest { Name = neverLogged }).ResponseAsync);
        var kept = await log.GetExchangeAsync(new GetExchangeRequest { Name = $"exchanges/{_ids[Yesterday][0]}" });

        Assert.Equal($"{Old:yyyy-MM-dd}", get.GetDetail<ErrorInfo>().Metadata["day"]);
        Assert.StartsWith($"{archived} would be in the exchange log of {Old:yyyy-MM-dd}, a day the hub's operators have archived", get.Message, StringComparison.Ordinal);
        Assert.Equal(_ids[Yesterday][0].ToString(), kept.Exchange.ExchangeId);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM exchange_log_batch WHERE checkpoint_seq = 2"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM exchange_log_batch WHERE checkpoint_seq = 1"));
    }

    [Fact]
    public async Task A_record_altered_removed_or_added_in_an_archive_file_is_named()
    {
        var archived = (await ArchiveAsync(before: _today)).Single(a => a.Day == Old);
        var path = Path.Combine(_directory, archived.File);
        var leaves = await LeavesAsync(archived);

        var altered = LoggedExchange.Parser.ParseFrom(leaves[0]);
        altered.CallerAgency = "SSF";
        var added = LoggedExchange.Parser.ParseFrom(leaves[2]);
        added.ExchangeId = ExchangeIds.New(new DateTimeOffset(Old.ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero)).ToString("D");
        var cut = new MemoryStream();
        LoggedExchange.Parser.ParseFrom(leaves[2]).WriteDelimitedTo(cut);
        await using (var file = File.Create(path))
        {
            altered.WriteDelimitedTo(file);
            added.WriteDelimitedTo(file);
            // The last record cut short, as by a copy that did not finish.
            file.Write(cut.ToArray()[..^1]);
        }

        var findings = (await VerifyAsync(_directory)).Findings;

        // Both findings about the file itself come first (checkpoint 0), in either order.
        Assert.Equal(
            new[]
            {
                $"archive of {Old:yyyy-MM-dd}: {path} cannot be read past its first 2 records (A record's length ({leaves[2].Length:N0} bytes) runs past the end of the archive file.)",
                $"archive of {Old:yyyy-MM-dd}: {path} is not the file archived (its SHA-256 differs from the one recorded in exchange_log_archive); its records are checked one by one",
            }.Order(StringComparer.Ordinal),
            findings.Take(2).Select(f => f.Description).Order(StringComparer.Ordinal));
        Assert.Equal(
            [
                $"record exchanges/{_ids[Old][0]} (checkpoint 1, leaf 0) was altered in {archived.File}: it no longer hashes to the signed leaf",
                $"record exchanges/{_ids[Old][1]} (checkpoint 1, leaf 1) was deleted: its day was archived, and {archived.File} does not hold it",
                $"record exchanges/{_ids[Old][2]} (checkpoint 1, leaf 2) was deleted: its day was archived, and {archived.File} does not hold it",
                $"record exchanges/{added.ExchangeId} in {archived.File} was inserted: no checkpoint's entries hold it",
            ],
            findings.Skip(2).Select(f => f.Description));
    }

    [Fact]
    public async Task A_missing_archive_file_is_named_once_and_its_records_are_not_called_deleted()
    {
        var archived = (await ArchiveAsync(before: _today)).Single(a => a.Day == Older);
        File.Delete(Path.Combine(_directory, archived.File));

        var result = await VerifyAsync(_directory);

        Assert.Equal(
            $"archive of {Older:yyyy-MM-dd}: {Path.Combine(_directory, archived.File)} is missing: its 2 records cannot be checked",
            Assert.Single(result.Findings).Description);
        Assert.Equal((3L, 2L), (result.ArchivedChecked, result.ArchivedUnchecked));
    }

    [Fact]
    public async Task The_files_of_days_no_checkpoint_reaches_are_checked_too()
    {
        // Older's two empty days after it: no entry leads the walk to them, so they are checked at its end.
        var archived = await ArchiveAsync(before: _today);
        var empty = archived.Where(a => a.Records == 0).ToArray();
        File.Delete(Path.Combine(_directory, empty[0].File));
        var stray = LoggedExchange.Parser.ParseFrom((await LeavesAsync(archived.Single(a => a.Day == Old)))[0]);
        stray.ExchangeId = ExchangeIds.New(new DateTimeOffset(empty[1].Day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero)).ToString("D");
        await using (var file = File.OpenWrite(Path.Combine(_directory, empty[1].File)))
        {
            stray.WriteDelimitedTo(file);
        }

        var findings = (await VerifyAsync(_directory)).Findings.Select(f => f.Description).ToList();

        Assert.Equal(3, findings.Count);
        Assert.Contains($"archive of {empty[0].Day:yyyy-MM-dd}: {Path.Combine(_directory, empty[0].File)} is missing: its 0 records cannot be checked", findings);
        Assert.Contains($"archive of {empty[1].Day:yyyy-MM-dd}: {Path.Combine(_directory, empty[1].File)} is not the file archived "
            + "(its SHA-256 differs from the one recorded in exchange_log_archive); its records are checked one by one", findings);
        Assert.Equal($"record exchanges/{stray.ExchangeId} in {empty[1].File} was inserted: no checkpoint's entries hold it", findings[^1]);
    }

    [Fact]
    public async Task Yesterday_and_today_are_never_archived_a_second_run_finds_nothing_and_no_archived_file_is_overwritten()
    {
        // What a run interrupted before its commit leaves: the day's file, no row for it, the partition still there.
        var leftover = Path.Combine(_directory, LogArchive.FileName(Old));
        await File.WriteAllTextAsync(leftover, "interrupted");
        var first = await ArchiveAsync(before: _today.AddDays(5));
        var second = await ArchiveAsync(before: _today.AddDays(5));
        await using (var recreate = _dataSource.CreateCommand(
            $"CREATE TABLE exchange_log_{Old:yyyyMMdd} PARTITION OF exchange_log FOR VALUES FROM ('{Old:yyyy-MM-dd}') TO ('{Old.AddDays(1):yyyy-MM-dd}')"))
        {
            await recreate.ExecuteNonQueryAsync();
        }

        var recreated = await Assert.ThrowsAsync<IOException>(() => ArchiveAsync(before: _today));

        Assert.Equal(DaysBeforeYesterday, first.Select(a => a.Day));
        Assert.Empty(second);
        Assert.StartsWith($"{Old:yyyy-MM-dd} is already archived, yet its partition exchange_log_{Old:yyyyMMdd} is back", recreated.Message, StringComparison.Ordinal);
        Assert.True((await VerifyAsync(_directory)).Valid);
        Assert.True(await PartitionExistsAsync(Yesterday));
        Assert.True(await PartitionExistsAsync(_today));
    }

    [Fact]
    public async Task An_archived_exchanges_receipt_is_the_one_the_hub_gave_and_verifies_offline()
    {
        // Leaf 0 of a checkpoint of one day, and leaf 1 of one whose other records are yesterday's, still in the database.
        var ids = new[] { _ids[Old][0], _ids[Older][1] };
        var fromHub = new List<Receipt>();
        await using (var hub = ExchangeLogTesting.LoggingHub(_database))
        {
            var log = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(hub.Invoker("MOL/archive"));
            foreach (var id in ids)
            {
                fromHub.Add((await log.GetReceiptAsync(new GetReceiptRequest { Name = $"exchanges/{id}/receipt" })).Receipt);
            }
        }

        var archived = await ArchiveAsync(before: _today);
        var fromArchive = new List<ArchiveReceipt>();
        foreach (var id in ids)
        {
            fromArchive.Add(await ArchiveReceipts.FindAsync(_dataSource, _directory, id, CancellationToken.None));
        }

        using var keys = new KeyRing([CheckpointKey.FromPem(_key.PublicKeyPem)]);
        Assert.Equal(fromHub, fromArchive.Select(found => found.Receipt));
        Assert.All(fromArchive, found => Assert.True(ReceiptVerifier.Verify(found.Receipt!, keys).Valid));
        Assert.Equal([0UL, 1UL], fromArchive.Select(found => found.Receipt!.LeafIndex));
        Assert.Equal((1L, 1L), (archived.Single(a => a.Day == Old).FirstCheckpoint, archived.Single(a => a.Day == Old).LastCheckpoint));
        Assert.Equal((2L, 2L), (archived.Single(a => a.Day == Older).FirstCheckpoint, archived.Single(a => a.Day == Older).LastCheckpoint));
        Assert.All(archived.Where(a => a.Records == 0), empty => Assert.Equal((null, null), (empty.FirstCheckpoint, empty.LastCheckpoint)));
    }

    [Fact]
    public async Task An_archive_receipt_names_a_record_altered_deleted_or_inserted_in_its_file_and_refuses_days_not_archived()
    {
        var archived = (await ArchiveAsync(before: _today)).Single(a => a.Day == Old);
        var path = Path.Combine(_directory, archived.File);
        var leaves = await LeavesAsync(archived);

        var altered = LoggedExchange.Parser.ParseFrom(leaves[0]);
        altered.CallerAgency = "SSF";
        var inserted = LoggedExchange.Parser.ParseFrom(leaves[2]);
        inserted.ExchangeId = ExchangeIds.New(new DateTimeOffset(Old.ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero)).ToString("D");
        await using (var file = File.Create(path))
        {
            altered.WriteDelimitedTo(file);
            LoggedExchange.Parser.ParseFrom(leaves[2]).WriteDelimitedTo(file);
            inserted.WriteDelimitedTo(file);
        }

        var neverLogged = ExchangeIds.New(new DateTimeOffset(Old.ToDateTime(new TimeOnly(20, 0)), TimeSpan.Zero));
        var found = new Dictionary<string, ArchiveReceipt>();
        foreach (var (label, id) in new[] { ("altered", _ids[Old][0]), ("deleted", _ids[Old][1]), ("intact", _ids[Old][2]), ("inserted", Guid.Parse(inserted.ExchangeId)), ("never", neverLogged) })
        {
            found[label] = await ArchiveReceipts.FindAsync(_dataSource, _directory, id, CancellationToken.None);
        }

        var notArchived = await Assert.ThrowsAsync<ArgumentException>(
            () => ArchiveReceipts.FindAsync(_dataSource, _directory, _ids[Yesterday][0], CancellationToken.None));
        var notAnId = await Assert.ThrowsAsync<ArgumentException>(
            () => ArchiveReceipts.FindAsync(_dataSource, _directory, Guid.NewGuid(), CancellationToken.None));
        File.Delete(Path.Combine(_directory, LogArchive.FileName(Older)));
        var missing = await Assert.ThrowsAsync<FileNotFoundException>(
            () => ArchiveReceipts.FindAsync(_dataSource, _directory, _ids[Older][0], CancellationToken.None));

        Assert.Equal($"exchanges/{_ids[Old][0]} was altered in {archived.File}: it no longer hashes to the leaf checkpoint 1 signed", found["altered"].Problem);
        Assert.Equal($"{archived.File} does not hold exchanges/{_ids[Old][1]}, which checkpoint 1 signed: the record was deleted from the archive", found["deleted"].Problem);
        Assert.Equal($"{archived.File} holds exchanges/{inserted.ExchangeId}, but no checkpoint of that day signed it: the record was inserted", found["inserted"].Problem);
        Assert.Equal(new ArchiveReceipt(null, null), found["never"]);
        Assert.Null(found["intact"].Problem);
        Assert.Equal(2UL, found["intact"].Receipt!.LeafIndex);
        Assert.All(new[] { "altered", "deleted", "inserted" }, label => Assert.Null(found[label].Receipt));
        Assert.StartsWith($"{Yesterday:yyyy-MM-dd}, the day exchanges/{_ids[Yesterday][0]} started, is not archived", notArchived.Message, StringComparison.Ordinal);
        Assert.Contains("is not an exchange id the hub issued", notAnId.Message, StringComparison.Ordinal);
        Assert.Contains("the day's archive file, is missing", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restored_day_is_back_in_the_database_verifies_is_served_and_can_be_archived_again()
    {
        var archived = await ArchiveAsync(before: _today);

        var restoredOld = await ArchiveRestore.RestoreAsync(_dataSource, Old, _directory, CancellationToken.None);
        var restoredOlder = await ArchiveRestore.RestoreAsync(_dataSource, Older, _directory, CancellationToken.None);
        var verified = await VerifyAsync(archiveDirectory: null);
        var hubStarted = DateTimeOffset.UtcNow;
        await using (var hub = ExchangeLogTesting.LoggingHub(_database))
        {
            var log = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(hub.Invoker("MOL/archive"));
            var served = await log.GetExchangeAsync(new GetExchangeRequest { Name = $"exchanges/{_ids[Old][1]}" });
            var listed = await log.ListExchangesAsync(new ListExchangesRequest { SubjectId = "16B0000000" });

            Assert.Equal(_ids[Old][1].ToString(), served.Exchange.ExchangeId);
            // The first record of each write asked about 16B0000000: Old's and Older's are listed again through their batch rows.
            Assert.Contains(_ids[Old][0].ToString(), listed.Exchanges.Select(e => e.ExchangeId));
            Assert.Contains(_ids[Older][0].ToString(), listed.Exchanges.Select(e => e.ExchangeId));
        }

        var archivedAgain = await ArchiveAsync(before: _today);

        Assert.Equal((3L, 2L), (restoredOld, restoredOlder));
        Assert.True(verified.Valid, string.Join(Environment.NewLine, verified.Findings));
        Assert.Equal((9L, 0L), (verified.Records, verified.ArchivedUnchecked));
        Assert.Equal([Old, Older], archivedAgain.Select(a => a.Day));
        Assert.Equal(
            archived.Where(a => a.Day <= Older).Select(a => Convert.ToHexString(a.Sha256)),
            archivedAgain.Select(a => Convert.ToHexString(a.Sha256)));
        // The checkpoints sealed before the hub came, with its own key, to log the calls above.
        using var keys = new KeyRing([CheckpointKey.FromPem(_key.PublicKeyPem)]);
        var reverified = await LogVerifier.VerifyAsync(_dataSource, keys, null, hubStarted, CancellationToken.None, archiveDirectory: _directory);
        Assert.True(reverified.Valid, string.Join(Environment.NewLine, reverified.Findings));
        Assert.Equal(5L, reverified.ArchivedChecked);
    }

    [Fact]
    public async Task An_archive_run_gives_up_on_a_day_rather_than_wait_long_behind_a_query_and_changes_nothing()
    {
        // A long query over the log: the drop of a partition waits for it, and everything after the drop waits too.
        await using var reader = await _dataSource.OpenConnectionAsync();
        await using var reading = await reader.BeginTransactionAsync();
        await using (var query = new NpgsqlCommand("SELECT count(*) FROM exchange_log", reader, reading))
        {
            await query.ExecuteScalarAsync();
        }

        var busy = await Assert.ThrowsAsync<IOException>(() => ArchiveAsync(before: _today));
        await reading.CommitAsync();
        var afterwards = await ArchiveAsync(before: _today);

        Assert.StartsWith($"{Old:yyyy-MM-dd} not archived: the log's table was busy", busy.Message, StringComparison.Ordinal);
        Assert.Equal(DaysBeforeYesterday, afterwards.Select(a => a.Day));
        Assert.True((await VerifyAsync(_directory)).Valid);
    }

    [Fact]
    public async Task A_record_of_the_day_written_while_it_is_archived_stops_the_run_rather_than_go_with_the_drop()
    {
        var partition = LogVerifier.PartitionName(Old);
        var rowsBefore = await ScalarAsync($"SELECT count(*) FROM {partition}");
        // A late record (a hub that was behind): written before the run reads the day, committed while it waits to drop it.
        await using var writer = await _dataSource.OpenConnectionAsync();
        var writing = await writer.BeginTransactionAsync();
        await using (var late = new NpgsqlCommand($"INSERT INTO {partition} SELECT * FROM {partition} LIMIT 1", writer, writing))
        {
            await late.ExecuteNonQueryAsync();
        }

        var commitLater = Task.Run(async () =>
        {
            await Task.Delay(500);
            await writing.CommitAsync();
        });
        var refused = await Assert.ThrowsAsync<IOException>(() => ArchiveAsync(before: _today));
        await commitLater;

        Assert.StartsWith($"{Old:yyyy-MM-dd} not archived: 1 record(s) of that day were written while it was being archived", refused.Message, StringComparison.Ordinal);
        Assert.True(await PartitionExistsAsync(Old));
        Assert.Equal(rowsBefore + 1, await ScalarAsync($"SELECT count(*) FROM {partition}"));
        Assert.Equal(0L, await ScalarAsync($"SELECT count(*) FROM exchange_log_archive WHERE day = '{Old:yyyy-MM-dd}'"));
    }

    [Fact]
    public async Task Restore_refuses_a_file_whose_recorded_hash_was_rewritten_with_it_when_it_lacks_a_signed_record()
    {
        var archived = (await ArchiveAsync(before: _today)).Single(a => a.Day == Old);
        var path = Path.Combine(_directory, archived.File);
        var leaves = await LeavesAsync(archived);
        // Someone who can write both the archive and the database: a record dropped, the recorded hash made to match.
        await using (var file = File.Create(path))
        {
            foreach (var leaf in leaves.Where((_, i) => i != 1))
            {
                LoggedExchange.Parser.ParseFrom(leaf).WriteDelimitedTo(file);
            }
        }

        await using (var rewrite = _dataSource.CreateCommand("UPDATE exchange_log_archive SET sha256 = $1 WHERE day = $2"))
        {
            rewrite.Parameters.Add(new NpgsqlParameter { Value = System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(path)) });
            rewrite.Parameters.Add(new NpgsqlParameter { Value = Old });
            await rewrite.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => ArchiveRestore.RestoreAsync(_dataSource, Old, _directory, CancellationToken.None));

        Assert.StartsWith($"{path} lacks exchanges/{_ids[Old][1]}, which checkpoint 1 signed", refused.Message, StringComparison.Ordinal);
        Assert.False(await PartitionExistsAsync(Old));
        Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM exchange_log_archive WHERE day = '{Old:yyyy-MM-dd}'"));
    }

    [Fact]
    public async Task A_restore_goes_through_while_a_write_to_the_log_is_in_progress()
    {
        await ArchiveAsync(before: _today);
        // What the hub's writer holds during its COPY: a restore that created the partition in place would wait for it.
        await using var writer = await _dataSource.OpenConnectionAsync();
        await using var writing = await writer.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE exchange_log IN ROW EXCLUSIVE MODE", writer, writing))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var restored = await ArchiveRestore.RestoreAsync(_dataSource, Old, _directory, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await writing.CommitAsync();

        Assert.Equal(3L, restored);
        Assert.True(await PartitionExistsAsync(Old));
    }

    [Fact]
    public async Task Restore_refuses_a_day_not_archived_a_partition_still_there_or_an_altered_file_and_changes_nothing()
    {
        await ArchiveAsync(before: _today);
        var olderFile = Path.Combine(_directory, LogArchive.FileName(Older));
        await File.AppendAllTextAsync(Path.Combine(_directory, LogArchive.FileName(Old)), "x");
        await using (var recreate = _dataSource.CreateCommand(LogPartitions.Create(Older)))
        {
            await recreate.ExecuteNonQueryAsync();
        }

        var notArchived = await Assert.ThrowsAsync<ArgumentException>(() => ArchiveRestore.RestoreAsync(_dataSource, Yesterday, _directory, CancellationToken.None));
        var altered = await Assert.ThrowsAsync<InvalidDataException>(() => ArchiveRestore.RestoreAsync(_dataSource, Old, _directory, CancellationToken.None));
        var present = await Assert.ThrowsAsync<ArgumentException>(() => ArchiveRestore.RestoreAsync(_dataSource, Older, _directory, CancellationToken.None));

        Assert.StartsWith($"{Yesterday:yyyy-MM-dd} is not archived", notArchived.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{Path.Combine(_directory, LogArchive.FileName(Old))} is not the file archived", altered.Message, StringComparison.Ordinal);
        Assert.StartsWith($"exchange_log_{Older:yyyyMMdd} is in the database already", present.Message, StringComparison.Ordinal);
        Assert.False(await PartitionExistsAsync(Old));
        Assert.Equal(0L, await ScalarAsync($"SELECT count(*) FROM exchange_log_{Older:yyyyMMdd}"));
        Assert.Equal(2L, await ScalarAsync($"SELECT count(*) FROM exchange_log_archive WHERE day IN ('{Old:yyyy-MM-dd}', '{Older:yyyy-MM-dd}')"));
        Assert.True(File.Exists(olderFile));
    }

    private async Task WriteAsync(PostgresExchangeStore store, params DateOnly[] days)
    {
        var records = days.Select((day, i) =>
        {
            var start = ExchangeRecord.ToMicroseconds(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero).AddSeconds(i));
            return LogVerificationTests.Record($"16B{i:D7}") with { ExchangeId = ExchangeIds.New(start), StartTime = start };
        }).ToArray();
        await store.WriteAsync(records, CancellationToken.None);
        foreach (var record in records)
        {
            var day = DateOnly.FromDateTime(record.StartTime.UtcDateTime);
            if (!_ids.TryGetValue(day, out var ids))
            {
                _ids[day] = ids = [];
            }

            ids.Add(record.ExchangeId);
        }
    }

    private Task<IReadOnlyList<ArchivedDay>> ArchiveAsync(DateOnly before) =>
        LogArchive.ArchiveAsync(_dataSource, before, _today, _directory, CancellationToken.None);

    private async Task<LogVerification> VerifyAsync(string? archiveDirectory)
    {
        using var keys = new KeyRing([CheckpointKey.FromPem(_key.PublicKeyPem)]);
        return await LogVerifier.VerifyAsync(_dataSource, keys, null, null, CancellationToken.None, archiveDirectory: archiveDirectory);
    }

    private async Task<List<byte[]>> LeavesAsync(ArchivedDay day)
    {
        await using var file = File.OpenRead(Path.Combine(_directory, day.File));
        return [.. LogArchive.ReadLeaves(file)];
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<bool> PartitionExistsAsync(DateOnly day)
    {
        await using var command = _dataSource.CreateCommand($"SELECT to_regclass('exchange_log_{day:yyyyMMdd}') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
