using Interop.Adapters.Labour;
using Interop.Seeding;
using Interop.Testing;
using Npgsql;

namespace Interop.Adapters.Tests.Labour;

public sealed class LabourDatabaseTests(LabourDatabaseFixture fixture) : IClassFixture<LabourDatabaseFixture>
{
    [Fact]
    public async Task Loads_every_generated_row()
    {
        Assert.Equal((long)fixture.Data.Travailleurs.Count(), await ScalarAsync("SELECT count(*) FROM travailleur_etranger"));
        Assert.Equal((long)fixture.Population.Options.Permits, await ScalarAsync("SELECT count(*) FROM permis_travail"));
        Assert.Equal((long)fixture.Data.Etapes.Count(), await ScalarAsync("SELECT count(*) FROM etape_permis"));
    }

    [Fact]
    public async Task Creates_the_keys_and_indexes_the_adapter_queries_need()
    {
        await using var command = fixture.DataSource.CreateCommand(
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname");
        var indexes = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
            [
                "etape_permis_pkey",
                "mol_changes_pkey",
                "permis_travail_employeur_idx",
                "permis_travail_pkey",
                "permis_travail_travailleur_idx",
                "travailleur_etranger_document_key",
                "travailleur_etranger_pkey",
            ],
            indexes);
    }

    [Fact]
    public async Task Correcting_a_permit_in_place_moves_its_last_change_time()
    {
        var numero = fixture.Data.Permis.First(p => p.Statut == CodeStatut.Delivre).NumeroPermis;
        var permits = new PostgresWorkPermits(fixture.DataSource);
        var before = await permits.GetPermitAsync(numero, CancellationToken.None);

        await using (var command = fixture.DataSource.CreateCommand(
            "UPDATE permis_travail SET libelle_profession = 'Soudeurs' WHERE numero_permis = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = numero });
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var after = await permits.GetPermitAsync(numero, CancellationToken.None);
        Assert.Equal("Soudeurs", after!.Value.Record.OccupationTitle);
        Assert.True(after.Value.SourceUpdateTime > before!.Value.SourceUpdateTime);
        Assert.InRange(after.Value.SourceUpdateTime, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Correcting_a_worker_moves_the_last_change_time_of_his_permits()
    {
        var permis = fixture.Data.Permis.First(p => p.Statut == CodeStatut.Expire);
        var permits = new PostgresWorkPermits(fixture.DataSource);
        var before = await permits.GetPermitAsync(permis.NumeroPermis, CancellationToken.None);

        await using (var command = fixture.DataSource.CreateCommand(
            "UPDATE travailleur_etranger SET prenoms = prenoms || ' Ali' WHERE id_travailleur = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = permis.IdTravailleur });
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var after = await permits.GetPermitAsync(permis.NumeroPermis, CancellationToken.None);
        Assert.EndsWith(" Ali", after!.Value.Record.Worker.GivenNames);
        Assert.True(after.Value.SourceUpdateTime > before!.Value.SourceUpdateTime);
    }

    [Fact]
    public async Task Seeding_again_replaces_the_previous_load()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("LabourMinistryReseedDatabaseTest");
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var small = LabourGenerator.Generate(new Population(
                SeedOptions.Sandbox with { Employers = 50, InsuredWorkers = 500, Permits = 60 }));
            for (var round = 0; round < 2; round++)
            {
                await LabourDatabase.CreateSchemaAsync(dataSource, CancellationToken.None);
                await LabourDatabase.LoadAsync(dataSource, small, CancellationToken.None);
                await LabourDatabase.CreateIndexesAsync(dataSource, CancellationToken.None);
            }

            await using var count = dataSource.CreateCommand("SELECT count(*) FROM permis_travail");
            Assert.Equal(60L, await count.ExecuteScalarAsync());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
