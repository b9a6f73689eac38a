using Interop.Adapters.SocialSecurity;
using Interop.Seeding;

namespace Interop.Adapters.Tests.SocialSecurity;

public sealed class SocialSecurityDatabaseTests(SocialSecurityDatabaseFixture fixture)
    : IClassFixture<SocialSecurityDatabaseFixture>
{
    [Theory]
    [InlineData("employeurs")]
    [InlineData("declarations")]
    [InlineData("versements")]
    [InlineData("majorations")]
    [InlineData("echeanciers")]
    [InlineData("echeances")]
    [InlineData("assures")]
    public async Task Every_generated_row_is_loaded(string table)
    {
        var data = fixture.Data;
        var expected = table switch
        {
            "employeurs" => data.Employeurs.Count(),
            "declarations" => data.Declarations.Count(),
            "versements" => data.Versements.Count(),
            "majorations" => data.Majorations.Count(),
            "echeanciers" => data.Echeanciers.Count(),
            "echeances" => data.Echeances.Count(),
            _ => data.Assures.Count(),
        };

        await using var command = fixture.DataSource.CreateCommand($"SELECT count(*) FROM {table}");
        var loaded = (long)(await command.ExecuteScalarAsync())!;

        Assert.True(expected > 0);
        Assert.Equal(expected, loaded);
    }

    [Fact]
    public async Task Rows_read_back_as_they_were_generated()
    {
        var expected = fixture.Data.Assures.First(a => a.NumEmployeur is not null);

        await using var command = fixture.DataSource.CreateCommand(
            "SELECT nom, prenom, date_naissance, sexe, nationalite, num_employeur, maj_le FROM assures WHERE num_assure = $1");
        command.Parameters.AddWithValue(expected.NumAssure);
        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal(expected.Nom, reader.GetString(0));
        Assert.Equal(expected.Prenom, reader.GetString(1));
        Assert.Equal(expected.DateNaissance, reader.GetFieldValue<DateOnly>(2));
        Assert.Equal(expected.Sexe, reader.GetChar(3));
        Assert.Equal(expected.Nationalite, reader.GetString(4));
        Assert.Equal(expected.NumEmployeur, reader.GetString(5));
        Assert.Equal(expected.MajLe, reader.GetDateTime(6));
    }

    [Fact]
    public async Task A_change_to_any_row_moves_the_standing_s_source_update_time()
    {
        var employer = fixture.Population.Employers().Last(e => e.Contributions == ContributionBehaviour.Good);
        var fund = new PostgresContributionStanding(fixture.DataSource);
        var before = (await fund.GetStandingAsync(employer.RegistryNumber, fixture.Population.Options.ReferenceDate, CancellationToken.None))!.Value;

        await using (var update = fixture.DataSource.CreateCommand(
            """
            UPDATE versements SET mode_versement = 'V'
            WHERE id_compte = (SELECT id_compte FROM employeurs WHERE num_rc = $1) AND num_ordre = 1
            """))
        {
            update.Parameters.AddWithValue(employer.RegistryNumber);
            Assert.True(await update.ExecuteNonQueryAsync() > 0);
        }

        var after = (await fund.GetStandingAsync(employer.RegistryNumber, fixture.Population.Options.ReferenceDate, CancellationToken.None))!.Value;

        Assert.Equal(before.Record, after.Record);
        Assert.True(after.SourceUpdateTime > before.SourceUpdateTime);
        Assert.True(after.SourceUpdateTime > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task The_standing_lookup_uses_the_indexes()
    {
        await using var command = fixture.DataSource.CreateCommand(
            "EXPLAIN SELECT * FROM declarations WHERE id_compte = (SELECT id_compte FROM employeurs WHERE num_rc = '16B0000000')");
        var plan = string.Join("\n", await ReadAllAsync(command));

        Assert.Contains("employeurs_num_rc", plan);
        Assert.Contains("declarations_pkey", plan);
    }

    private static async Task<List<string>> ReadAllAsync(Npgsql.NpgsqlCommand command)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }
}
