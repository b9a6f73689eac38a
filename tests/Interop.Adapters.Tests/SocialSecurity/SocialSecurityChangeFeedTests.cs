using Interop.Adapters.SocialSecurity;
using Interop.Ports;
using Npgsql;

namespace Interop.Adapters.Tests.SocialSecurity;

/// <summary>The fund announces any change to an employer's account as a change of that employer's standing.</summary>
public sealed class SocialSecurityChangeFeedTests(SocialSecurityDatabaseFixture database) : IClassFixture<SocialSecurityDatabaseFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_payment_recorded_on_an_account_announces_the_employers_standing()
    {
        var (idCompte, numRc) = await AccountAsync("SELECT e.id_compte, e.num_rc FROM employeurs e ORDER BY e.id_compte LIMIT 1");
        await using var follower = await ChangeFollower.StartAsync(new SocialSecurityChangeFeed(database.DataSource), after: null);

        await ExecuteAsync(
            "INSERT INTO versements (montant, id_compte, date_versement, annee, mois, num_ordre, mode_versement) VALUES (100000, $1, current_date, 1999, 1, 1, 'V')",
            idCompte);

        Assert.Equal(
            new ChangeNotice(AgencyCodes.SocialSecurityFund, ChangeKind.Standing, [numRc]),
            await follower.NextNoticeAsync(Patience),
            ChangeFollower.NoticeComparer);
    }

    [Fact]
    public async Task A_paid_instalment_announces_the_standing_of_the_plans_employer()
    {
        var (plan, numRc) = await AccountAsync(
            "SELECT p.num_echeancier, e.num_rc FROM echeanciers p JOIN employeurs e USING (id_compte) JOIN echeances i USING (num_echeancier) LIMIT 1");
        await using var follower = await ChangeFollower.StartAsync(new SocialSecurityChangeFeed(database.DataSource), after: null);

        await ExecuteAsync("UPDATE echeances SET date_paiement = date_echeance WHERE num_echeancier = $1", plan);

        Assert.Equal(numRc, (await follower.NextNoticeAsync(Patience)).Keys.Single());
    }

    private async Task<(int Key, string NumRc)> AccountAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the test population has no such account");
        return (reader.GetInt32(0), reader.GetString(1));
    }

    private async Task ExecuteAsync<T>(string sql, T parameter)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = parameter });
        await command.ExecuteNonQueryAsync();
    }
}
