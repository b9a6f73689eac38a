using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Interop.Employers.V1;
using Interop.Hub.Errors;
using Interop.Hub.V1;
using Interop.Ledger;
using Npgsql;
using static Interop.Hub.Tests.ExchangeLog.ExchangeLogTesting;
using ExchangeLogClient = Interop.Hub.V1.ExchangeLog.ExchangeLogClient;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>Receipts from a hub whose log is in PostgreSQL: verified offline with the published key, for its parties only.</summary>
public sealed class ReceiptTests(ExchangeLogDatabaseFixture database) : IClassFixture<ExchangeLogDatabaseFixture>, IAsyncLifetime
{
    private HubHost _hub = null!;

    public Task InitializeAsync()
    {
        // Missing exchanges older than 3 seconds are NOT_FOUND rather than possibly still on their way.
        _hub = LoggingHub(database.ConnectionString, ("ExchangeLog:ReceiptPendingWindow", "00:00:03"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Caller_and_provider_get_a_receipt_that_verifies_offline_with_the_published_key()
    {
        var withOfficial = _hub.Invoker("MOL/receipts").Intercept(headers =>
        {
            headers.Add("x-interop-official", "agent-17");
            return headers;
        });
        var id = await ExchangeIdAsync(new EmployerRegistry.EmployerRegistryClient(withOfficial)
            .GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(3) }));
        var name = $"exchanges/{id}";

        var receipt = await ReceiptAsync("MOL/receipts", name);
        var providers = await ReceiptAsync("CR/receipts", name);
        var published = await Log("GS/anyone").ListSigningKeysAsync(new ListSigningKeysRequest());
        using var keys = new KeyRing([CheckpointKey.FromPem(Assert.Single(published.SigningKeys).PublicKeyPem)]);
        var check = ReceiptVerifier.Verify(receipt, keys);

        Assert.True(check.Valid, check.Explanation);
        Assert.Equal(receipt, providers);
        Assert.Equal($"{name}/receipt", receipt.Name);
        var logged = await Log("MOL/receipts").GetExchangeAsync(new GetExchangeRequest { Name = name });
        Assert.Equal(logged.Exchange, check.Exchange);
        Assert.Equal("CR", check.Exchange!.ProviderAgency);
        Assert.Equal(("WORK_PERMIT_APPLICATION", Interop.Testing.SandboxPurposes.CaseReference, "agent-17"),
            (check.Exchange.Purpose, check.Exchange.CaseReference, check.Exchange.OfficialId));
        Assert.Equal(CheckpointKey.Algorithm, published.SigningKeys[0].Algorithm);

        using var otherKey = CheckpointKey.Generate();
        using var wrong = new KeyRing([CheckpointKey.FromPem(otherKey.PublicKeyPem)]);
        Assert.False(ReceiptVerifier.Verify(receipt, wrong).Valid);

        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var log = await LogVerifier.VerifyAsync(dataSource, keys, null, null, CancellationToken.None);
        Assert.True(log.Valid, string.Join(Environment.NewLine, log.Findings));
    }

    [Fact]
    public async Task Another_agency_gets_not_found_exactly_as_for_an_exchange_that_never_was()
    {
        var id = await ExchangeIdAsync(new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("SSF/receipts"))
            .GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(4) }));
        await ReceiptAsync("SSF/receipts", $"exchanges/{id}");
        await Task.Delay(TimeSpan.FromSeconds(3.1));
        var neverWas = ExchangeIds(DateTimeOffset.UtcNow.AddHours(-1));

        var theirs = await RpcAssert.FailsWith(StatusCode.NotFound, ErrorReasons.ResourceNotFound, async () =>
            await Log("MOL/receipts").GetReceiptAsync(new GetReceiptRequest { Name = $"exchanges/{id}/receipt" }));
        var none = await RpcAssert.FailsWith(StatusCode.NotFound, ErrorReasons.ResourceNotFound, async () =>
            await Log("MOL/receipts").GetReceiptAsync(new GetReceiptRequest { Name = $"exchanges/{neverWas}/receipt" }));

        Assert.Equal(theirs.Message.Replace(id.ToString(), "ID", StringComparison.Ordinal), none.Message.Replace(neverWas.ToString(), "ID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_recent_exchange_not_yet_logged_is_unavailable_with_a_retry_delay()
    {
        // Any recent id, whether its exchange is still on its way, another agency's, or none: the answer depends on its time alone.
        var recent = ExchangeIds(DateTimeOffset.UtcNow);

        var status = await RpcAssert.FailsWith(StatusCode.Unavailable, ErrorReasons.ExchangeNotYetLogged, async () =>
            await Log("MOL/receipts").GetReceiptAsync(new GetReceiptRequest { Name = $"exchanges/{recent}/receipt" }));

        Assert.Equal(TimeSpan.FromSeconds(1), status.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan());
    }

    [Theory]
    [InlineData("")]
    [InlineData("exchanges/not-a-uuid/receipt")]
    [InlineData("exchanges/0197a5c2-3f4e-7b6a-9c1d-2e3f4a5b6c7d")]
    [InlineData("exchanges/receipt")]
    public async Task A_malformed_name_is_invalid_argument(string name)
    {
        var fields = await RpcAssert.FailsWithInvalidFields(async () =>
            await Log("MOL/receipts").GetReceiptAsync(new GetReceiptRequest { Name = name }));

        Assert.Equal(["name"], fields);
    }

    private static Guid ExchangeIds(DateTimeOffset time) => Interop.Hub.ExchangeLog.ExchangeIds.New(time);

    private ExchangeLogClient Log(string caller) => new(_hub.Invoker(caller));

    private Task<Receipt> ReceiptAsync(string caller, string exchangeName) => ExchangeLogTesting.ReceiptAsync(_hub, caller, exchangeName);
}
