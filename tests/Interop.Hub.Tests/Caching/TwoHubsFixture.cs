using Interop.Adapters.CommercialRegistry;
using Interop.Hub.Caching;
using Interop.Hub.Extensions;
using Interop.Ports;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Interop.Hub.Tests.Caching;

/// <summary>
/// Two hub instances (as behind a load balancer) sharing one Redis server of the test's own and the three
/// agency databases, seeded fresh for the test class. The registry's adapter is wrapped to count its calls.
/// </summary>
public sealed class TwoHubsFixture : IAsyncLifetime
{
    private readonly AgencyDatabasesFixture _agencies = new();

    public RedisServer Redis { get; private set; } = null!;

    public HubHost A { get; private set; } = null!;

    public HubHost B { get; private set; } = null!;

    public NpgsqlDataSource CommercialRegistry { get; private set; } = null!;

    public NpgsqlDataSource SocialSecurityFund { get; private set; } = null!;

    public NpgsqlDataSource MinistryOfLabour { get; private set; } = null!;

    public Seeding.Population Population => _agencies.Population;

    public async Task InitializeAsync()
    {
        await _agencies.InitializeAsync();
        Redis = await RedisServer.StartAsync();
        CommercialRegistry = NpgsqlDataSource.Create(_agencies.CommercialRegistry);
        SocialSecurityFund = NpgsqlDataSource.Create(_agencies.SocialSecurityFund);
        MinistryOfLabour = NpgsqlDataSource.Create(_agencies.MinistryOfLabour);
        A = StartHub();
        B = StartHub();
        await Task.WhenAll(WaitReadyAsync(A), WaitReadyAsync(B));
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Redis.DisposeAsync();
        await CommercialRegistry.DisposeAsync();
        await SocialSecurityFund.DisposeAsync();
        await MinistryOfLabour.DisposeAsync();
        await _agencies.DisposeAsync();
    }

    internal static HubCache Cache(HubHost hub) => hub.Services.GetRequiredService<HubCache>();

    public static CountingEmployerRegistry Registry(HubHost hub) =>
        (CountingEmployerRegistry)hub.Services.GetRequiredKeyedService<IEmployerRegistry>(CachingExtensions.AgencyBackendKey);

    /// <summary>Waits until the hub has reached Redis (or fails after 15 s), whatever its change feeds do.</summary>
    public static async Task WaitForRedisAsync(HubHost hub) =>
        Assert.True(
            await ExchangeLog.ExchangeLogTesting.EventuallyAsync(() => Task.FromResult(Cache(hub).SecondLevelReady), ready => ready, TimeSpan.FromSeconds(15)),
            "the hub did not reach Redis within 15 s");

    /// <summary>Waits until the hub's change feeds are live and Redis is ready (or fails after 15 s).</summary>
    public static async Task WaitReadyAsync(HubHost hub)
    {
        var cache = Cache(hub);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(cache.SecondLevelReady && cache.IsLive(AgencyCodes.CommercialRegistry)
            && cache.IsLive(AgencyCodes.SocialSecurityFund) && cache.IsLive(AgencyCodes.MinistryOfLabour)))
        {
            Assert.True(
                DateTime.UtcNow < deadline,
                $"the hub's cache did not become ready within 15 s: Redis ready {cache.SecondLevelReady}, feeds live "
                + $"CR {cache.IsLive(AgencyCodes.CommercialRegistry)}, SSF {cache.IsLive(AgencyCodes.SocialSecurityFund)}, MOL {cache.IsLive(AgencyCodes.MinistryOfLabour)}");
            await Task.Delay(20);
        }
    }

    public async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> QueryAsync<T>(NpgsqlDataSource dataSource, string sql) =>
        (T)(await dataSource.CreateCommand(sql).ExecuteScalarAsync())!;

    private HubHost StartHub()
    {
        var settings = new Dictionary<string, string?>(_agencies.LiveSettings) { ["Cache:Redis"] = Redis.Configuration };
        var hub = new HubHost(settings, services => services.AddKeyedSingleton<IEmployerRegistry>(
            CachingExtensions.AgencyBackendKey,
            (sp, _) => new CountingEmployerRegistry(
                new PostgresEmployerRegistry(sp.GetRequiredKeyedService<NpgsqlDataSource>(AgencyCodes.CommercialRegistry)))));
        _ = hub.Server;
        return hub;
    }
}
