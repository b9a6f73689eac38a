using Interop.Adapters.SocialSecurity;
using Interop.Seeding;
using Interop.Testing;
using Npgsql;

namespace Interop.Adapters.Tests.SocialSecurity;

/// <summary>A fresh fund database per test class: schema, a small generated country, keys and indexes.</summary>
public sealed class SocialSecurityDatabaseFixture : PostgresDatabaseFixture
{
    public static readonly DateOnly ReferenceDate = new(2026, 6, 1);

    public Population Population { get; } = new(SeedOptions.Sandbox with
    {
        Employers = 800,
        InsuredWorkers = 8000,
        Permits = 800,
        ReferenceDate = ReferenceDate,
    });

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public SocialSecurityData Data => SocialSecurityGenerator.Generate(Population);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await SocialSecurityDatabase.CreateSchemaAsync(DataSource, CancellationToken.None);
        await SocialSecurityDatabase.LoadAsync(DataSource, Data, CancellationToken.None);
        await SocialSecurityDatabase.CreateIndexesAsync(DataSource, CancellationToken.None);
    }

    public override async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
