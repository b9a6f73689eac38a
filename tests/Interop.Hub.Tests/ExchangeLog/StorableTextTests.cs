using Interop.Employers.V1;
using Interop.Hub.ExchangeLog;
using Interop.Ledger;
using Npgsql;
using static Interop.Hub.Tests.ExchangeLog.ExchangeLogTesting;
using static Interop.Hub.Tests.ExchangeLog.LogVerificationTests;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>
/// PostgreSQL's text cannot hold U+0000. A caller's NUL in a header the log records (a refused caller's declarations
/// are recorded too) used to fail the write its record was in, at every retry: nothing more was stored, and once the
/// queue was full the hub refused every call. Now the record holds U+FFFD in its place, and the log goes on and verifies.
/// </summary>
public sealed class StorableTextTests(ExchangeLogDatabaseFixture database) : IClassFixture<ExchangeLogDatabaseFixture>
{
    [Fact]
    public async Task A_nul_a_caller_declared_is_logged_as_the_replacement_character_and_the_calls_after_it_are_logged_too()
    {
        await using var hub = LoggingHub(database.ConnectionString);
        var declaredWithNul = new EmployerRegistry.EmployerRegistryClient(hub.Invoker(caseReference: "WP-2026\u0000-1"));
        var refused = await ExchangeIdAsync(declaredWithNul.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(1) }));
        var next = await ExchangeIdAsync(new EmployerRegistry.EmployerRegistryClient(hub.Invoker())
            .GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(2) }));

        var rows = await WaitForRowsAsync(database.ConnectionString, [refused, next]);

        Assert.Equal([refused, next], rows.Keys.Order());
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, rows[refused].StatusCode);
        Assert.Equal("WP-2026\uFFFD-1", await CaseReferenceAsync(refused));
    }

    [Fact]
    public async Task A_record_holding_a_nul_is_stored_and_the_log_verifies()
    {
        using var key = CheckpointKey.Generate();
        // Not the class's database: the other test's hub signs the checkpoints it writes there with a key of its own.
        var ownDatabase = await Interop.Testing.TestPostgres.CreateDatabaseAsync("storabletext");
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(ownDatabase);
            var store = Store(dataSource, key);
            await store.InitializeAsync(CancellationToken.None);
            var record = Record("16B\u00007777", purpose: "AUDIT\u0000", caseReference: "C\u0000-1") with
            {
                CallerSystem = "web\u0000",
                Method = "/interop.hub.v1.ExchangeLog/ListSubjectAccesses\u0000",
                OfficialId = "\u0000",
            };

            await store.WriteAsync(new[] { record, Record("16B0007778") }, CancellationToken.None);
            var stored = await store.FindAsync(record.ExchangeId, record.ProviderAgency, CancellationToken.None);

            Assert.NotNull(stored);
            Assert.Equal(["16B\uFFFD7777"], stored.Value.SubjectIds);
            Assert.Equal(
                ("web\uFFFD", "/interop.hub.v1.ExchangeLog/ListSubjectAccesses\uFFFD", "AUDIT\uFFFD", "C\uFFFD-1", "\uFFFD"),
                (stored.Value.CallerSystem, stored.Value.Method, stored.Value.Purpose, stored.Value.CaseReference, stored.Value.OfficialId));
            using var keys = new KeyRing([CheckpointKey.FromPem(key.PublicKeyPem)]);
            var verification = await LogVerifier.VerifyAsync(dataSource, keys, null, null, CancellationToken.None);
            Assert.True(verification.Valid, string.Join(Environment.NewLine, verification.Findings));
            Assert.Equal(2, verification.Records);
        }
        finally
        {
            await Interop.Testing.TestPostgres.DropDatabaseAsync(ownDatabase);
        }
    }

    [Fact]
    public void Text_without_a_nul_is_the_same_instance_and_a_clean_subject_list_the_same_list()
    {
        var text = string.Concat("WP-", "2026-1");
        IReadOnlyList<string> subjects = ["16B0007777", "16B0007778"];

        Assert.Same(text, StorableText.Of(text));
        Assert.Same(subjects, StorableText.Of(subjects));
        Assert.Equal(["16B0007777", "A\uFFFDB\uFFFD"], StorableText.Of(["16B0007777", "A\0B\0"]));
        Assert.Null(StorableText.Of((string?)null));
    }

    private async Task<string> CaseReferenceAsync(Guid exchangeId)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT case_reference FROM {PostgresExchangeStore.Table} WHERE exchange_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = exchangeId });
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
