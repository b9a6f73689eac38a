using Interop.Adapters.Labour;
using Interop.Permits.V1;
using Interop.Ports;
using Npgsql;

namespace Interop.Adapters.Tests.Labour;

/// <summary>The ministry announces each committed change as the permit, employer and worker it touches.</summary>
public sealed class LabourChangeFeedTests(LabourDatabaseFixture database) : IClassFixture<LabourDatabaseFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_status_change_announces_the_permit_its_employer_and_its_workers_document()
    {
        var (permit, numRc, document) = await PermitAsync(0);
        await using var follower = await ChangeFollower.StartAsync(new LabourChangeFeed(database.DataSource), after: null);

        await ExecuteAsync("UPDATE permis_travail SET statut = 'RT' WHERE numero_permis = $1", permit);

        var notices = await NoticesAsync(follower, 3);
        Assert.Contains(notices, n => n.Kind == ChangeKind.Permit && n.Keys.Single() == permit);
        Assert.Contains(notices, n => n.Kind == ChangeKind.EmployerPermits && n.Keys.Single() == numRc);
        Assert.Contains(notices, n => n.Kind == ChangeKind.WorkerPermits && n.Keys.Single() == document);
    }

    [Fact]
    public async Task A_permit_moved_to_another_employer_announces_both_employers()
    {
        var (permit, oldRc, _) = await PermitAsync(1);
        await using var follower = await ChangeFollower.StartAsync(new LabourChangeFeed(database.DataSource), after: null);

        await ExecuteAsync("UPDATE permis_travail SET num_rc = '99B9999999' WHERE numero_permis = $1", permit);

        var employers = (await NoticesAsync(follower, 6)).Where(n => n.Kind == ChangeKind.EmployerPermits).Select(n => n.Keys.Single());
        Assert.Equal(new[] { "99B9999999", oldRc }.Order(StringComparer.Ordinal), employers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_new_step_announces_its_permit()
    {
        var (permit, _, _) = await PermitAsync(2);
        await using var follower = await ChangeFollower.StartAsync(new LabourChangeFeed(database.DataSource), after: null);

        await ExecuteAsync(
            "INSERT INTO etape_permis (numero_permis, num_ordre, code_etape, code_role, date_decision) SELECT $1, max(num_ordre) + 1, 'RET', 'MT', now() FROM etape_permis WHERE numero_permis = $1",
            permit);

        Assert.Contains(await NoticesAsync(follower, 3), n => n.Kind == ChangeKind.Permit && n.Keys.Single() == permit);
    }

    [Fact]
    public async Task A_corrected_worker_announces_every_permit_of_the_worker()
    {
        await using var query = database.DataSource.CreateCommand(
            "SELECT id_travailleur, array_agg(numero_permis) FROM permis_travail GROUP BY id_travailleur HAVING count(*) > 1 LIMIT 1");
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the test population needs a worker with several permits");
        var (worker, permits) = (reader.GetInt32(0), reader.GetFieldValue<string[]>(1));
        await reader.CloseAsync();
        await using var follower = await ChangeFollower.StartAsync(new LabourChangeFeed(database.DataSource), after: null);

        await ExecuteAsync("UPDATE travailleur_etranger SET nom = upper(nom) WHERE id_travailleur = $1", worker);

        var announced = (await NoticesAsync(follower, 3 * permits.Length)).Where(n => n.Kind == ChangeKind.Permit).Select(n => n.Keys.Single());
        Assert.Equal(permits.Order(StringComparer.Ordinal), announced.Order(StringComparer.Ordinal));
    }

    private static async Task<List<ChangeNotice>> NoticesAsync(ChangeFollower follower, int count)
    {
        var notices = new List<ChangeNotice>();
        while (notices.Count < count)
        {
            notices.Add(await follower.NextNoticeAsync(Patience));
        }

        return notices;
    }

    private async Task<(string Permit, string NumRc, string Document)> PermitAsync(int skip)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT p.numero_permis, p.num_rc, t.type_document, t.num_document, t.code_nationalite
            FROM permis_travail p JOIN travailleur_etranger t USING (id_travailleur)
            ORDER BY p.numero_permis OFFSET $1 LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = skip * 50 });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var document = new TravelDocument
        {
            Type = LabourMapper.ToTravelDocumentType(reader.GetString(2)),
            Number = reader.GetString(3),
            Nationality = reader.GetString(4),
        };
        return (reader.GetString(0), reader.GetString(1), ChangeKeys.TravelDocument(document));
    }

    private async Task ExecuteAsync<T>(string sql, T parameter)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = parameter });
        await command.ExecuteNonQueryAsync();
    }
}
