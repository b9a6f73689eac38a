using Interop.Adapters.Labour;
using Interop.Permits.V1;
using Interop.Ports;
using Npgsql;

namespace Interop.Adapters.Tests.Labour;

public sealed class PostgresWorkPermitsTests(LabourDatabaseFixture fixture) : IClassFixture<LabourDatabaseFixture>
{
    private readonly PostgresWorkPermits _permits = new(fixture.DataSource);

    [Fact]
    public async Task Gets_a_permit_by_number_as_the_mapper_makes_it()
    {
        var permis = fixture.Data.Permis.First(p => p.Statut == CodeStatut.Renouvele);
        var travailleur = fixture.Data.Travailleurs.Single(t => t.IdTravailleur == permis.IdTravailleur);
        var etapes = fixture.Data.Etapes.Where(e => e.NumeroPermis == permis.NumeroPermis).ToList();

        var found = await _permits.GetPermitAsync(permis.NumeroPermis, CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal(LabourMapper.ToSourcedPermit(permis, travailleur, etapes), found.Value);
        Assert.Equal(PermitStatus.Renewed, found.Value.Record.Status);
        Assert.Equal("permits/" + permis.NumeroPermis, found.Value.Record.Name);
    }

    [Fact]
    public async Task Every_permit_is_served_alike_by_both_backends()
    {
        foreach (var permis in fixture.Data.Permis)
        {
            var fromDatabase = await _permits.GetPermitAsync(permis.NumeroPermis, CancellationToken.None);
            var fromMemory = await fixture.InMemory.GetPermitAsync(permis.NumeroPermis, CancellationToken.None);

            Assert.NotNull(fromDatabase);
            Assert.Equal(fromMemory, fromDatabase);
        }
    }

    [Theory]
    [InlineData("WP-1999-0000000")]
    [InlineData("wp-2025-0001234")]
    [InlineData("permits/WP-2025-0001234")]
    [InlineData("")]
    public async Task Unknown_permit_number_is_not_found(string permitNumber)
    {
        Assert.Null(await _permits.GetPermitAsync(permitNumber, CancellationToken.None));
    }

    [Fact]
    public async Task Lists_a_workers_permits_newest_application_first()
    {
        var (travailleur, permis) = WorkerWithMostPermits();

        var found = await _permits.ListWorkerPermitsAsync(DocumentOf(travailleur), CancellationToken.None);

        Assert.Equal(
            permis.OrderByDescending(p => p.DateDepot).Select(p => p.NumeroPermis),
            found.Select(f => f.Record.PermitNumber));
        Assert.All(found, f => Assert.Equal(travailleur.NumDocument, f.Record.Worker.TravelDocument.Number));
        Assert.Equal(await fixture.InMemory.ListWorkerPermitsAsync(DocumentOf(travailleur), CancellationToken.None), found);
    }

    [Fact]
    public async Task Worker_is_found_only_by_document_type_number_and_nationality_together()
    {
        var (travailleur, _) = WorkerWithMostPermits();
        var document = DocumentOf(travailleur);
        TravelDocument[] others =
        [
            new(document) { Nationality = document.Nationality == "EGY" ? "TUR" : "EGY" },
            new(document) { Type = document.Type == TravelDocumentType.Passport ? TravelDocumentType.LaissezPasser : TravelDocumentType.Passport },
            new(document) { Type = TravelDocumentType.Unspecified },
            new(document) { Number = document.Number.ToLowerInvariant() },
            new(document) { Number = "X0000000" },
        ];

        foreach (var other in others)
        {
            Assert.Empty(await _permits.ListWorkerPermitsAsync(other, CancellationToken.None));
            Assert.Empty(await fixture.InMemory.ListWorkerPermitsAsync(other, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Pages_through_an_employers_permits_in_permit_number_order()
    {
        var (registryNumber, expected) = EmployerWithMostPermits();
        Assert.True(expected.Count >= 5, "the sample needs an employer with several permits");

        var pages = new List<PermitPage>();
        string? after = null;
        do
        {
            pages.Add(await _permits.ListEmployerPermitsAsync(registryNumber, 2, after, CancellationToken.None));
            after = pages[^1].Permits[^1].Record.PermitNumber;
        }
        while (pages[^1].HasMore);

        Assert.Equal(expected, pages.SelectMany(p => p.Permits).Select(p => p.Record.PermitNumber));
        Assert.All(pages.SkipLast(1), p => Assert.Equal(2, p.Permits.Count));
        Assert.All(pages.SelectMany(p => p.Permits), p => Assert.Equal("employers/" + registryNumber, p.Record.Employer));
    }

    [Fact]
    public async Task Has_more_only_when_permits_follow_the_page()
    {
        var (registryNumber, expected) = EmployerWithMostPermits();

        var exact = await _permits.ListEmployerPermitsAsync(registryNumber, expected.Count, null, CancellationToken.None);
        var oneShort = await _permits.ListEmployerPermitsAsync(registryNumber, expected.Count - 1, null, CancellationToken.None);
        var afterLast = await _permits.ListEmployerPermitsAsync(registryNumber, 10, expected[^1], CancellationToken.None);

        Assert.False(exact.HasMore);
        Assert.Equal(expected.Count, exact.Permits.Count);
        Assert.True(oneShort.HasMore);
        Assert.Equal(expected.Count - 1, oneShort.Permits.Count);
        Assert.Empty(afterLast.Permits);
        Assert.False(afterLast.HasMore);
    }

    [Fact]
    public async Task Page_may_start_after_a_number_that_is_not_the_employers()
    {
        var (registryNumber, expected) = EmployerWithMostPermits();
        // Sorts between the employer's first and second permits without being one of them.
        var between = expected[0] + "0";

        var page = await _permits.ListEmployerPermitsAsync(registryNumber, 50, between, CancellationToken.None);

        Assert.Equal(expected.Skip(1).Take(50), page.Permits.Select(p => p.Record.PermitNumber));
    }

    [Fact]
    public async Task Both_backends_page_alike()
    {
        var (registryNumber, expected) = EmployerWithMostPermits();

        foreach (var (size, after) in new[] { (1, (string?)null), (3, expected[1]), (500, null), (2, expected[^2]) })
        {
            var fromDatabase = await _permits.ListEmployerPermitsAsync(registryNumber, size, after, CancellationToken.None);
            var fromMemory = await fixture.InMemory.ListEmployerPermitsAsync(registryNumber, size, after, CancellationToken.None);

            Assert.Equal(fromMemory.Permits, fromDatabase.Permits);
            Assert.Equal(fromMemory.HasMore, fromDatabase.HasMore);
        }
    }

    [Fact]
    public async Task Employer_without_permits_has_an_empty_last_page()
    {
        var page = await _permits.ListEmployerPermitsAsync("16B9999999", 50, null, CancellationToken.None);

        Assert.Empty(page.Permits);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task Lookups_use_prepared_statements()
    {
        await using var singleConnection = new NpgsqlDataSourceBuilder(fixture.ConnectionString)
        {
            ConnectionStringBuilder = { MaxPoolSize = 1 },
        }.Build();
        var permits = new PostgresWorkPermits(singleConnection);
        var (travailleur, permis) = WorkerWithMostPermits();

        await permits.GetPermitAsync(permis[0].NumeroPermis, CancellationToken.None);
        await permits.ListWorkerPermitsAsync(DocumentOf(travailleur), CancellationToken.None);
        await permits.ListEmployerPermitsAsync(permis[0].NumRc, 10, null, CancellationToken.None);

        // The pool has one physical connection: it is the one the adapter prepared its statements on.
        await using var command = singleConnection.CreateCommand(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM permis_travail p%'");
        Assert.Equal(3L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Unreachable_database_is_reported_as_the_ministry_being_unavailable()
    {
        await using var unreachable = NpgsqlDataSource.Create(
            "Host=127.0.0.1;Port=1;Username=interop;Password=interop;Database=labour;Timeout=3");
        var permits = new PostgresWorkPermits(unreachable);

        AgencyUnavailableException[] failures =
        [
            await Assert.ThrowsAsync<AgencyUnavailableException>(
                () => permits.GetPermitAsync("WP-2025-0001234", CancellationToken.None)),
            await Assert.ThrowsAsync<AgencyUnavailableException>(
                () => permits.ListWorkerPermitsAsync(
                    new TravelDocument { Type = TravelDocumentType.Passport, Number = "E12345678", Nationality = "CHN" },
                    CancellationToken.None)),
            await Assert.ThrowsAsync<AgencyUnavailableException>(
                () => permits.ListEmployerPermitsAsync("16B0012345", 10, null, CancellationToken.None)),
        ];

        Assert.All(failures, f =>
        {
            Assert.Equal(AgencyCodes.MinistryOfLabour, f.AgencyCode);
            Assert.NotNull(f.InnerException);
            Assert.Contains("Ministry of Labour", f.Message);
        });
    }

    [Fact]
    public async Task Cancelled_request_is_cancelled_not_unavailable()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var (travailleur, permis) = WorkerWithMostPermits();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _permits.GetPermitAsync(permis[0].NumeroPermis, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _permits.ListWorkerPermitsAsync(DocumentOf(travailleur), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _permits.ListEmployerPermitsAsync(permis[0].NumRc, 10, null, cancelled.Token));
    }

    [Fact]
    public async Task Query_waiting_on_the_database_is_cancelled_when_the_caller_gives_up()
    {
        var numero = fixture.Data.Permis.First().NumeroPermis;
        await using var locker = await fixture.DataSource.OpenConnectionAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE permis_travail IN ACCESS EXCLUSIVE MODE", locker, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _permits.GetPermitAsync(numero, timeout.Token));
        await transaction.RollbackAsync();

        Assert.NotNull(await _permits.GetPermitAsync(numero, CancellationToken.None));
    }

    private (TravailleurEtranger Travailleur, List<PermisTravail> Permis) WorkerWithMostPermits()
    {
        var permis = fixture.Data.Permis.GroupBy(p => p.IdTravailleur).MaxBy(g => g.Count())!.ToList();
        return (fixture.Data.Travailleurs.Single(t => t.IdTravailleur == permis[0].IdTravailleur), permis);
    }

    private (string RegistryNumber, List<string> PermitNumbers) EmployerWithMostPermits()
    {
        var permis = fixture.Data.Permis.GroupBy(p => p.NumRc).MaxBy(g => g.Count())!;
        return (permis.Key, permis.Select(p => p.NumeroPermis).Order(StringComparer.Ordinal).ToList());
    }

    private static TravelDocument DocumentOf(TravailleurEtranger travailleur) => new()
    {
        Type = LabourMapper.ToTravelDocumentType(travailleur.TypeDocument),
        Number = travailleur.NumDocument,
        Nationality = travailleur.CodeNationalite,
    };
}
