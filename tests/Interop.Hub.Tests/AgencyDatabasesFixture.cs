using Interop.Hub.Caching;
using Interop.Seeding;
using Interop.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Interop.Hub.Tests;

/// <summary>
/// Three real PostgreSQL agency databases (registry, fund, ministry), fresh for the test class, seeded by
/// the real generator with a small population, and a hub serving them in Live mode.
/// </summary>
public class AgencyDatabasesFixture : IAsyncLifetime
{
    public static readonly SeedOptions Options = SeedOptions.Sandbox with
    {
        Employers = 400,
        InsuredWorkers = 4000,
        Permits = 800,
        ReferenceDate = SeedOptions.FirstOfMonth(DateTime.UtcNow),
    };

    public Population Population { get; } = new(Options);

    public string CommercialRegistry { get; private set; } = "";

    public string SocialSecurityFund { get; private set; } = "";

    public string MinistryOfLabour { get; private set; } = "";

    /// <summary>The hub's own database, for the exchange log.</summary>
    public string HubDatabase { get; private set; } = "";

    public HubHost Hub { get; private set; } = null!;

    public IReadOnlyDictionary<string, string?> LiveSettings => new Dictionary<string, string?>
    {
        ["Agencies:CommercialRegistry:ConnectionString"] = CommercialRegistry,
        ["Agencies:SocialSecurityFund:ConnectionString"] = SocialSecurityFund,
        ["Agencies:MinistryOfLabour:ConnectionString"] = MinistryOfLabour,
        ["ExchangeLog:ConnectionString"] = HubDatabase,
        ["ExchangeLog:SigningKeyPath"] = TestCheckpointKey.PemPath,
        ["Certificates:Keys:0:KeyId"] = "test-fund",
        ["Certificates:Keys:0:PemPath"] = TestCheckpointKey.PemPath,
    };

    public async Task InitializeAsync()
    {
        var prefix = GetType().Name;
        CommercialRegistry = await TestPostgres.CreateDatabaseAsync(prefix + "cr");
        SocialSecurityFund = await TestPostgres.CreateDatabaseAsync(prefix + "ssf");
        MinistryOfLabour = await TestPostgres.CreateDatabaseAsync(prefix + "mol");
        HubDatabase = await TestPostgres.CreateDatabaseAsync(prefix + "hub");
        await using var cr = NpgsqlDataSource.Create(CommercialRegistry);
        await using var ssf = NpgsqlDataSource.Create(SocialSecurityFund);
        await using var mol = NpgsqlDataSource.Create(MinistryOfLabour);
        await AgencySeeder.SeedAsync(Population, new AgencyDataSources(cr, ssf, mol), CancellationToken.None);
        Hub = new HubHost(LiveSettings);
    }

    public async Task DisposeAsync()
    {
        await Hub.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(CommercialRegistry);
        await TestPostgres.DropDatabaseAsync(SocialSecurityFund);
        await TestPostgres.DropDatabaseAsync(MinistryOfLabour);
        await TestPostgres.DropDatabaseAsync(HubDatabase);
    }

    /// <summary>Waits until the hub caches every agency's answers (their change feeds are live); fails after 15 s.</summary>
    public async Task WaitForLiveCacheAsync()
    {
        var cache = Hub.Services.GetRequiredService<HubCache>();
        Assert.True(
            await ExchangeLog.ExchangeLogTesting.EventuallyAsync(
                () => Task.FromResult(HubCache.Agencies.All(cache.IsLive)), live => live, TimeSpan.FromSeconds(15)),
            "the hub's change feeds did not become live within 15 s");
    }

    /// <summary>The first employer matching <paramref name="predicate"/>; fails the test if the population has none.</summary>
    public EmployerProfile Employer(Func<EmployerProfile, bool> predicate) =>
        Population.Employers().FirstOrDefault(predicate)
        ?? throw new InvalidOperationException("The test population has no such employer; enlarge it.");
}
