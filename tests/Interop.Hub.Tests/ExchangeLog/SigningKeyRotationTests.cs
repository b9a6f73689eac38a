using Interop.Employers.V1;
using Interop.Hub.ExchangeLog;
using Interop.Hub.V1;
using Interop.Ledger;
using Interop.Testing;
using Npgsql;
using static Interop.Hub.Tests.ExchangeLog.ExchangeLogTesting;
using ExchangeLogClient = Interop.Hub.V1.ExchangeLog.ExchangeLogClient;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>
/// A change of the checkpoint key on a real log: the hub restarts with a new key and the old one retired; it publishes
/// both, receipts from before the change still verify with what it publishes, and the chain runs on across the change.
/// </summary>
public sealed class SigningKeyRotationTests(ExchangeLogDatabaseFixture database) : IClassFixture<ExchangeLogDatabaseFixture>
{
    private readonly string _keys = System.IO.Directory.CreateTempSubdirectory("interop-rotation-").FullName;

    [Fact]
    public async Task After_a_key_change_both_keys_are_published_and_old_and_new_receipts_verify()
    {
        var oldKey = TestKeys.WriteP256Pem(_keys, "old");
        var newKey = TestKeys.WriteP256Pem(_keys, "new");

        Receipt before;
        await using (var first = LoggingHub(database.ConnectionString, ("ExchangeLog:SigningKeyPath", oldKey)))
        {
            before = await ReceiptOfOneCallAsync(first);
        }

        await using var second = LoggingHub(
            database.ConnectionString, ("ExchangeLog:SigningKeyPath", newKey), ("ExchangeLog:RetiredKeyPaths:0", oldKey));
        var after = await ReceiptOfOneCallAsync(second);
        var published = await new ExchangeLogClient(second.Invoker("GS/anyone")).ListSigningKeysAsync(new ListSigningKeysRequest());

        using var oldPublic = CheckpointKey.FromPem(File.ReadAllText(oldKey));
        using var newPublic = CheckpointKey.FromPem(File.ReadAllText(newKey));
        Assert.Equal(
            [(newPublic.KeyId, SigningKeyState.Active), (oldPublic.KeyId, SigningKeyState.Retired)],
            published.SigningKeys.Select(k => (k.KeyId, k.State)));
        using var ring = new KeyRing([.. published.SigningKeys.Select(k => CheckpointKey.FromPem(k.PublicKeyPem))]);
        Assert.True(ReceiptVerifier.Verify(before, ring).Valid);
        Assert.True(ReceiptVerifier.Verify(after, ring).Valid);
        Assert.NotEqual(before.SignedCheckpoint.KeyId, after.SignedCheckpoint.KeyId);

        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var log = await LogVerifier.VerifyAsync(dataSource, ring, null, null, CancellationToken.None);
        Assert.True(log.Valid, string.Join(Environment.NewLine, log.Findings));
    }

    [Fact]
    public void A_retired_key_that_cannot_be_read_or_is_the_current_one_is_refused_at_start_by_name()
    {
        var current = TestKeys.WriteP256Pem(_keys, "current");
        var missing = Path.Combine(_keys, "missing.pem");

        string Problem(string retired)
        {
            var options = new ExchangeLogOptions { SigningKeyPath = current, RetiredKeyPaths = [retired] };
            using var key = CheckpointKeys.Load(options, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            return Assert.Throws<Interop.Hub.Options.HubConfigurationException>(() => CheckpointKeys.LoadRetired(options, key.KeyId)).Message;
        }

        Assert.StartsWith($"ExchangeLog:RetiredKeyPaths:0 '{missing}' cannot be used:", Problem(missing), StringComparison.Ordinal);
        Assert.Contains("holds the current signing key", Problem(current), StringComparison.Ordinal);
    }

    private static async Task<Receipt> ReceiptOfOneCallAsync(HubHost hub)
    {
        var id = await ExchangeIdAsync(new EmployerRegistry.EmployerRegistryClient(hub.Invoker("MOL/rotation"))
            .GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(1) }));
        return await ExchangeLogTesting.ReceiptAsync(hub, "MOL/rotation", $"exchanges/{id}");
    }
}
