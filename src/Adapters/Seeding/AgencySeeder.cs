using System.Diagnostics;
using Interop.Adapters.CommercialRegistry;
using Interop.Adapters.Labour;
using Interop.Adapters.SocialSecurity;
using Npgsql;

namespace Interop.Seeding;

/// <summary>The three agencies' databases to seed, each its own PostgreSQL database.</summary>
public sealed record AgencyDataSources(
    NpgsqlDataSource CommercialRegistry,
    NpgsqlDataSource SocialSecurityFund,
    NpgsqlDataSource MinistryOfLabour);

/// <summary>How long one agency's seed took.</summary>
public sealed record AgencySeedTiming(string Agency, TimeSpan Schema, TimeSpan Load, TimeSpan Indexes)
{
    public TimeSpan Total => Schema + Load + Indexes;
}

/// <summary>Creates and bulk-loads the three agencies' databases from one population, in parallel.</summary>
public static class AgencySeeder
{
    public static async Task<IReadOnlyList<AgencySeedTiming>> SeedAsync(
        Population population, AgencyDataSources databases, CancellationToken cancellationToken)
    {
        var timings = await Task.WhenAll(
            Task.Run(() => SeedOneAsync(
                "CR",
                ct => CommercialRegistryDatabase.CreateSchemaAsync(databases.CommercialRegistry, ct),
                ct => CommercialRegistryDatabase.LoadAsync(databases.CommercialRegistry, CommercialRegistryGenerator.Generate(population), ct),
                ct => CommercialRegistryDatabase.CreateIndexesAsync(databases.CommercialRegistry, ct),
                cancellationToken), cancellationToken),
            Task.Run(() => SeedOneAsync(
                "SSF",
                ct => SocialSecurityDatabase.CreateSchemaAsync(databases.SocialSecurityFund, ct),
                ct => SocialSecurityDatabase.LoadAsync(databases.SocialSecurityFund, SocialSecurityGenerator.Generate(population), ct),
                ct => SocialSecurityDatabase.CreateIndexesAsync(databases.SocialSecurityFund, ct),
                cancellationToken), cancellationToken),
            Task.Run(() => SeedOneAsync(
                "MOL",
                ct => LabourDatabase.CreateSchemaAsync(databases.MinistryOfLabour, ct),
                ct => LabourDatabase.LoadAsync(databases.MinistryOfLabour, LabourGenerator.Generate(population), ct),
                ct => LabourDatabase.CreateIndexesAsync(databases.MinistryOfLabour, ct),
                cancellationToken), cancellationToken));
        return timings;
    }

    private static async Task<AgencySeedTiming> SeedOneAsync(
        string agency,
        Func<CancellationToken, Task> createSchema,
        Func<CancellationToken, Task> load,
        Func<CancellationToken, Task> createIndexes,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await createSchema(cancellationToken);
        var schema = clock.Elapsed;
        await load(cancellationToken);
        var loaded = clock.Elapsed;
        await createIndexes(cancellationToken);
        return new AgencySeedTiming(agency, schema, loaded - schema, clock.Elapsed - loaded);
    }
}
