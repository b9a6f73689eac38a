using Interop.Adapters.CommercialRegistry;
using Interop.Seeding;
using Interop.Testing;
using Npgsql;

namespace Interop.Adapters.Tests.CommercialRegistry;

/// <summary>A fresh registry database per test class: schema, a small generated country, keys and indexes.</summary>
public sealed class CommercialRegistryDatabaseFixture : PostgresDatabaseFixture
{
    public Population Population { get; } =
        new(SeedOptions.Sandbox with { Employers = 500, InsuredWorkers = 5000, Permits = 800 });

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public CommercialRegistryData Data => CommercialRegistryGenerator.Generate(Population);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await CommercialRegistryDatabase.CreateSchemaAsync(DataSource, CancellationToken.None);
        await CommercialRegistryDatabase.LoadAsync(DataSource, Data, CancellationToken.None);
        await CommercialRegistryDatabase.CreateIndexesAsync(DataSource, CancellationToken.None);
    }

    public override async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
