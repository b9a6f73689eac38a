using Interop.Adapters.Labour;
using Interop.Seeding;
using Interop.Testing;
using Npgsql;

namespace Interop.Adapters.Tests.Labour;

/// <summary>A fresh ministry database per test class: schema, a small generated country, keys and indexes.</summary>
public sealed class LabourDatabaseFixture : PostgresDatabaseFixture
{
    public Population Population { get; } =
        new(SeedOptions.Sandbox with { Employers = 500, InsuredWorkers = 5000, Permits = 800 });

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public LabourData Data => LabourGenerator.Generate(Population);

    /// <summary>The same rows held in memory: both backends must answer alike.</summary>
    public InMemoryWorkPermits InMemory { get; private set; } = null!;

    // TestPostgres cuts database names to 58 characters and fails on shorter ones: keep the prefix long enough.
    protected override string Prefix => "LabourMinistryWorkPermitsDatabase";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await LabourDatabase.CreateSchemaAsync(DataSource, CancellationToken.None);
        await LabourDatabase.LoadAsync(DataSource, Data, CancellationToken.None);
        await LabourDatabase.CreateIndexesAsync(DataSource, CancellationToken.None);
        InMemory = new InMemoryWorkPermits(Data);
    }

    public override async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
