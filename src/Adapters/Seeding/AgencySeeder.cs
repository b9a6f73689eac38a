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
        AgencySeed[] agencies =
        [
            new("CR", databases.CommercialRegistry, CommercialRegistryDatabase.CreateSchemaAsync,
                (ds, ct) => CommercialRegistryDatabase.LoadAsync(ds, CommercialRegistryGenerator.Generate(population), ct),
                CommercialRegistryDatabase.CreateIndexesAsync),
            new("SSF", databases.SocialSecurityFund, SocialSecurityDatabase.CreateSchemaAsync,
                (ds, ct) => SocialSecurityDatabase.LoadAsync(ds, SocialSecurityGenerator.Generate(population), ct),
                SocialSecurityDatabase.CreateIndexesAsync),
            new("MOL", databases.MinistryOfLabour, LabourDatabase.CreateSchemaAsync,
                (ds, ct) => LabourDatabase.LoadAsync(ds, LabourGenerator.Generate(population), ct),
                LabourDatabase.CreateIndexesAsync),
        ];
        return await Task.WhenAll(agencies.Select(agency => Task.Run(() => SeedOneAsync(agency, cancellationToken), cancellationToken)));
    }

    private static async Task<AgencySeedTiming> SeedOneAsync(AgencySeed agency, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await agency.CreateSchema(agency.Database, cancellationToken);
        var schema = clock.Elapsed;
        await agency.Load(agency.Database, cancellationToken);
        var loaded = clock.Elapsed;
        await agency.CreateIndexes(agency.Database, cancellationToken);
        return new AgencySeedTiming(agency.Code, schema, loaded - schema, clock.Elapsed - loaded);
    }

    private sealed record AgencySeed(
        string Code,
        NpgsqlDataSource Database,
        Func<NpgsqlDataSource, CancellationToken, Task> CreateSchema,
        Func<NpgsqlDataSource, CancellationToken, Task> Load,
        Func<NpgsqlDataSource, CancellationToken, Task> CreateIndexes);
}
