using Interop.Employers.V1;
using Interop.Ports;
using Interop.Type.V1;
using Npgsql;
using StackExchange.Redis;

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
        var (changed, unchanged) = await CacheInAFirstHubAsync(10, 20);
        await RenameAsync(changed, "CHANGED WHILE THE HUB WAS DOWN");

        await using var second = await StartHubAsync();
        var (employer, provenance) = await GetEmployerAsync(second, changed);
        Assert.Equal("CHANGED WHILE THE HUB WAS DOWN", employer.LegalNameLatin);
        Assert.False(provenance.FromCache);

        // Resumed, not flushed: the entry nobody changed is still served from Redis by the new instance.
        Assert.True((await GetEmployerAsync(second, unchanged)).Provenance.FromCache);
    }

    /// <summary>
    /// Only hubs write under their key prefix, but a value some other writer left there must not stop the cache: an
    /// epoch that is no count is replaced by a new one (so nothing cached under the old one is served), a feed position
    /// that is no number is an unknown position (the agency's entries are dropped and its feed followed afresh).
    /// </summary>
    [Fact]
    public async Task Control_keys_that_hold_no_number_drop_the_agency_entries_and_the_cache_carries_on()
    {
        var (changed, unchanged) = await CacheInAFirstHubAsync(11, 21);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        var database = redis.GetDatabase();
        var (epochKey, feedKey) = ($"interop:epoch:{AgencyCodes.CommercialRegistry}", $"interop:feed:{AgencyCodes.CommercialRegistry}");
        Assert.True((await database.StringGetAsync(feedKey)).TryParse(out long _), "the first hub saved no feed position");
        await database.StringSetAsync(epochKey, "not a number");
        await database.StringSetAsync(feedKey, "12 lines");
        await RenameAsync(changed, "CHANGED WHILE THE KEYS WERE GARBLED");

        await using var second = await StartHubAsync();
        var (employer, provenance) = await GetEmployerAsync(second, changed);
        Assert.Equal("CHANGED WHILE THE KEYS WERE GARBLED", employer.LegalNameLatin);
        Assert.False(provenance.FromCache);
        Assert.False((await GetEmployerAsync(second, unchanged)).Provenance.FromCache);
        Assert.True((await database.StringGetAsync(epochKey)).TryParse(out long _));
        Assert.True(await ExchangeLog.ExchangeLogTesting.EventuallyAsync(
            async () => (await database.StringGetAsync(feedKey)).TryParse(out long _), saved => saved, TimeSpan.FromSeconds(5)),
            "the feed position was not saved over the garbled one");
        Assert.True(await ExchangeLog.ExchangeLogTesting.EventuallyAsync(
            async () => (await GetEmployerAsync(second, unchanged)).Provenance.FromCache, cached => cached, TimeSpan.FromSeconds(5)),
            "the cache was not used again");

        // An epoch garbled while the hub runs: the next bump replaces it instead of failing on it, and takes effect.
        await database.StringSetAsync(epochKey, "garbled again");
        await TwoHubsFixture.Cache(second).BumpEpochAsync(AgencyCodes.CommercialRegistry);
        Assert.True((await database.StringGetAsync(epochKey)).TryParse(out long bumped));
        Assert.True(TwoHubsFixture.Cache(second).SecondLevelReady);
        Assert.False((await GetEmployerAsync(second, unchanged)).Provenance.FromCache);
        await database.StringSetAsync(epochKey, bumped + 1);
        await TwoHubsFixture.Cache(second).BumpEpochAsync(AgencyCodes.CommercialRegistry);
        Assert.Equal(bumped + 2, (long)await database.StringGetAsync(epochKey));
    }

    /// <summary>Two employers read through a hub that then stops, leaving their entries in Redis.</summary>
    private async Task<(string First, string Second)> CacheInAFirstHubAsync(int first, int second)
    {
        var employers = _agencies.Population.Employers().Take(50).ToList();
        var numbers = (employers[first].RegistryNumber, employers[second].RegistryNumber);
        await using var hub = await StartHubAsync();
        Assert.False((await GetEmployerAsync(hub, numbers.Item1)).Provenance.FromCache);
        Assert.False((await GetEmployerAsync(hub, numbers.Item2)).Provenance.FromCache);
        // A miss writes to Redis without waiting; let the writes land before the instance goes away.
        await Task.Delay(250);
        return numbers;
    }

    private async Task RenameAsync(string registryNumber, string name)
    {
        await using var registry = NpgsqlDataSource.Create(_agencies.CommercialRegistry);
        await using var update = registry.CreateCommand("UPDATE rc_entreprise SET raison_sociale = $1 WHERE num_rc = $2");
        update.Parameters.Add(new NpgsqlParameter { Value = name });
        update.Parameters.Add(new NpgsqlParameter { Value = registryNumber });
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
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
