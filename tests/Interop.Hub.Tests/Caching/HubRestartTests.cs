using Interop.Employers.V1;
using Interop.Type.V1;
using Npgsql;

namespace Interop.Hub.Tests.Caching;

/// <summary>
/// A hub instance that starts while Redis holds entries: it resumes every agency's change feed from the position
/// saved in Redis, so a change committed while no hub ran evicts its entry before it can be served, and the
/// entries that did not change stay usable (nothing is flushed for nothing).
/// </summary>
public sealed class HubRestartTests : IAsyncLifetime
{
    private readonly AgencyDatabasesFixture _agencies = new();
    private RedisServer _redis = null!;

    public async Task InitializeAsync()
    {
        await _agencies.InitializeAsync();
        _redis = await RedisServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _agencies.DisposeAsync();
    }

    [Fact]
    public async Task A_change_committed_while_no_hub_ran_is_not_served_from_redis_after_a_restart()
    {
        var employers = _agencies.Population.Employers().Take(50).ToList();
        var (changed, unchanged) = (employers[10].RegistryNumber, employers[20].RegistryNumber);

        await using (var first = await StartHubAsync())
        {
            Assert.False((await GetEmployerAsync(first, changed)).Provenance.FromCache);
            Assert.False((await GetEmployerAsync(first, unchanged)).Provenance.FromCache);
            // A miss writes to Redis without waiting; let the writes land before the instance goes away.
            await Task.Delay(250);
        }

        await using (var registry = NpgsqlDataSource.Create(_agencies.CommercialRegistry))
        await using (var update = registry.CreateCommand("UPDATE rc_entreprise SET raison_sociale = $1 WHERE num_rc = $2"))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = "CHANGED WHILE THE HUB WAS DOWN" });
            update.Parameters.Add(new NpgsqlParameter { Value = changed });
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        await using var second = await StartHubAsync();
        var (employer, provenance) = await GetEmployerAsync(second, changed);
        Assert.Equal("CHANGED WHILE THE HUB WAS DOWN", employer.LegalNameLatin);
        Assert.False(provenance.FromCache);

        // Resumed, not flushed: the entry nobody changed is still served from Redis by the new instance.
        Assert.True((await GetEmployerAsync(second, unchanged)).Provenance.FromCache);
    }

    private async Task<HubHost> StartHubAsync()
    {
        var hub = new HubHost(new Dictionary<string, string?>(_agencies.LiveSettings) { ["Cache:Redis"] = _redis.Configuration });
        _ = hub.Server;
        await TwoHubsFixture.WaitReadyAsync(hub);
        return hub;
    }

    private static async Task<(Employer Employer, Provenance Provenance)> GetEmployerAsync(HubHost hub, string number)
    {
        var response = await new EmployerRegistry.EmployerRegistryClient(hub.Invoker())
            .GetEmployerAsync(new GetEmployerRequest { Name = $"employers/{number}" });
        return (response.Employer, response.Provenance);
    }
}
