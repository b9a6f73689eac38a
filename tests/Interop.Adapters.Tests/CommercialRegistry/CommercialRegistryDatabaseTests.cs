using Interop.Adapters.CommercialRegistry;
using Npgsql;

namespace Interop.Adapters.Tests.CommercialRegistry;

public sealed class CommercialRegistryDatabaseTests(CommercialRegistryDatabaseFixture fixture)
    : IClassFixture<CommercialRegistryDatabaseFixture>
{
    [Fact]
    public async Task Loads_one_row_per_employer_and_every_wilaya()
    {
        Assert.Equal((long)fixture.Population.EmployerCount, await ScalarAsync("SELECT count(*) FROM rc_entreprise"));
        Assert.Equal(48L, await ScalarAsync("SELECT count(*) FROM rc_wilaya"));
        Assert.Equal("Alger", await ScalarAsync("SELECT libelle_wilaya FROM rc_wilaya WHERE code_wilaya = 16"));
    }

    [Fact]
    public async Task Keeps_the_registrys_native_codes()
    {
        var profile = fixture.Population.Employer(11);

        await using var command = fixture.DataSource.CreateCommand(
            "SELECT forme_juridique, etat, date_immatriculation FROM rc_entreprise WHERE num_rc = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = profile.RegistryNumber });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Contains(reader.GetString(0), new[] { "EI", "SARL", "EURL", "SPA", "SNC", "EPIC" });
        Assert.Contains(reader.GetChar(1), "ASR");
        Assert.Equal(profile.RegistrationDate, reader.GetFieldValue<DateOnly>(2));
    }

    [Fact]
    public async Task An_update_stamps_the_rows_last_change_time()
    {
        var number = fixture.Population.Employer(17).RegistryNumber;
        var registry = new PostgresEmployerRegistry(fixture.DataSource);
        var before = await registry.GetEmployerAsync(number, CancellationToken.None);
        var updateStarted = DateTimeOffset.UtcNow;

        await using (var update = fixture.DataSource.CreateCommand(
            "UPDATE rc_entreprise SET effectif_declare = effectif_declare + 1 WHERE num_rc = $1"))
        {
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = number });
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var after = await registry.GetEmployerAsync(number, CancellationToken.None);
        Assert.Equal(before!.Value.Record.DeclaredHeadcount + 1, after!.Value.Record.DeclaredHeadcount);
        Assert.InRange(after.Value.SourceUpdateTime, updateStarted.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.True(after.Value.SourceUpdateTime > before.Value.SourceUpdateTime);
    }

    [Fact]
    public async Task Rejects_codes_the_registry_does_not_use()
    {
        await using var insert = fixture.DataSource.CreateCommand(
            """
            INSERT INTO rc_entreprise (num_rc, nif, raison_sociale, raison_sociale_ar, forme_juridique, etat,
                                       date_immatriculation, code_activite, code_wilaya, effectif_declare)
            VALUES ('16B8888888', '000000000000001', 'X', 'X', 'SARL', 'Z', DATE '2020-01-01', '4711', 16, 1)
            """);

        var error = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Fact]
    public async Task Batch_lookup_uses_the_registry_number_key()
    {
        await using var explain = fixture.DataSource.CreateCommand(
            "EXPLAIN SELECT * FROM rc_entreprise e WHERE e.num_rc = ANY($1)");
        explain.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ["16B0012345", "31A0000001"] });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains(plan, line => line.Contains("pk_rc_entreprise", StringComparison.Ordinal));
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
