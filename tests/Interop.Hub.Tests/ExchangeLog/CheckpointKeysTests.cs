using Interop.Hub.ExchangeLog;
using Interop.Ledger;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>The checkpoint key: required in Live mode with a start-up error that says what to set, checked when read.</summary>
public sealed class CheckpointKeysTests
{
    [Fact]
    public async Task A_live_hub_without_a_signing_key_refuses_to_start_saying_what_to_set()
    {
        await using var hub = new HubHost(new Dictionary<string, string?>
        {
            ["Agencies:CommercialRegistry:ConnectionString"] = "Host=db1",
            ["Agencies:SocialSecurityFund:ConnectionString"] = "Host=db2",
            ["Agencies:MinistryOfLabour:ConnectionString"] = "Host=db3",
            ["ExchangeLog:ConnectionString"] = "Host=db4",
        });

        // Every setting the hub cannot start with, at once (as `dotnet Interop.Hub.dll` prints them: HubProcessTests).
        var error = Assert.Throws<AggregateException>(() => hub.Server);

        Assert.Contains("ExchangeLog:SigningKeyPath is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("ExchangeLog__SigningKeyPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_that_is_missing_public_or_not_p256_is_refused_by_name()
    {
        var directory = Directory.CreateTempSubdirectory("interop-keys-").FullName;
        using var key = CheckpointKey.Generate();
        var publicOnly = Path.Combine(directory, "public.pem");
        File.WriteAllText(publicOnly, key.PublicKeyPem);
        var rsa = Path.Combine(directory, "rsa.pem");
        using (var rsaKey = System.Security.Cryptography.RSA.Create(2048))
        {
            File.WriteAllText(rsa, rsaKey.ExportPkcs8PrivateKeyPem());
        }

        string Problem(string path) => Assert.Throws<Interop.Hub.Options.HubConfigurationException>(
            () => CheckpointKeys.Load(new ExchangeLogOptions { SigningKeyPath = path }, NullLogger.Instance)).Message;

        Assert.StartsWith($"ExchangeLog:SigningKeyPath '{directory}/missing.pem' cannot be used:", Problem(Path.Combine(directory, "missing.pem")), StringComparison.Ordinal);
        Assert.Contains("holds a public key", Problem(publicOnly), StringComparison.Ordinal);
        Assert.StartsWith($"ExchangeLog:SigningKeyPath '{rsa}' cannot be used:", Problem(rsa), StringComparison.Ordinal);
    }

    [Fact]
    public void The_configured_key_signs_and_the_sandbox_generates_one()
    {
        var path = Interop.Testing.TestCheckpointKey.PemPath;

        using var configured = CheckpointKeys.Load(new ExchangeLogOptions { SigningKeyPath = path }, NullLogger.Instance);
        using var again = CheckpointKeys.Load(new ExchangeLogOptions { SigningKeyPath = path }, NullLogger.Instance);
        using var generated = CheckpointKeys.Load(new ExchangeLogOptions(), NullLogger.Instance);

        Assert.True(configured.HasPrivateKey);
        Assert.Equal(configured.KeyId, again.KeyId);
        Assert.True(generated.HasPrivateKey);
        Assert.NotEqual(configured.KeyId, generated.KeyId);
    }
}
