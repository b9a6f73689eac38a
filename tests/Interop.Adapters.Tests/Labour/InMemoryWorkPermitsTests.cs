using Interop.Adapters.Labour;
using Interop.Permits.V1;
using Interop.Ports;
using Interop.Seeding;

namespace Interop.Adapters.Tests.Labour;

public sealed class InMemoryWorkPermitsTests
{
    private static readonly LabourData Data = LabourGenerator.Generate(
        new Population(SeedOptions.Sandbox with { Employers = 300, InsuredWorkers = 3000, Permits = 500 }));

    private readonly InMemoryWorkPermits _permits = new(Data);

    [Fact]
    public async Task Serves_every_permit_with_the_mapper()
    {
        var travailleurs = Data.Travailleurs.ToDictionary(t => t.IdTravailleur);
        var etapes = Data.Etapes.ToLookup(e => e.NumeroPermis);

        foreach (var permis in Data.Permis)
        {
            var found = await _permits.GetPermitAsync(permis.NumeroPermis, CancellationToken.None);

            Assert.Equal(LabourMapper.ToSourcedPermit(permis, travailleurs[permis.IdTravailleur], etapes[permis.NumeroPermis]), found);
        }
    }

    [Fact]
    public async Task Callers_get_their_own_copy()
    {
        var numero = Data.Permis.First().NumeroPermis;
        var first = await _permits.GetPermitAsync(numero, CancellationToken.None);

        first!.Value.Record.Worker = null;
        first.Value.Record.Stages.Clear();

        var second = await _permits.GetPermitAsync(numero, CancellationToken.None);
        Assert.NotNull(second!.Value.Record.Worker);
        Assert.NotEmpty(second.Value.Record.Stages);
    }

    [Fact]
    public async Task Pages_cover_each_employers_permits_once_in_order()
    {
        foreach (var employer in Data.Permis.GroupBy(p => p.NumRc))
        {
            var seen = new List<string>();
            PermitPage page;
            do
            {
                page = await _permits.ListEmployerPermitsAsync(employer.Key, 3, seen.LastOrDefault(), CancellationToken.None);
                seen.AddRange(page.Permits.Select(p => p.Record.PermitNumber));
            }
            while (page.HasMore);

            Assert.Equal(employer.Select(p => p.NumeroPermis).Order(StringComparer.Ordinal), seen);
        }
    }

    [Fact]
    public async Task Worker_permits_are_listed_newest_application_first()
    {
        var travailleurs = Data.Travailleurs.ToDictionary(t => t.IdTravailleur);

        foreach (var worker in Data.Permis.GroupBy(p => p.IdTravailleur).Where(w => w.Count() > 1))
        {
            var travailleur = travailleurs[worker.Key];
            var found = await _permits.ListWorkerPermitsAsync(
                new TravelDocument
                {
                    Type = LabourMapper.ToTravelDocumentType(travailleur.TypeDocument),
                    Number = travailleur.NumDocument,
                    Nationality = travailleur.CodeNationalite,
                },
                CancellationToken.None);

            Assert.Equal(
                worker.OrderByDescending(p => p.DateDepot).Select(p => p.NumeroPermis),
                found.Select(f => f.Record.PermitNumber));
        }
    }

    [Fact]
    public async Task Rejects_a_page_size_below_one()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _permits.ListEmployerPermitsAsync(Data.Permis.First().NumRc, 0, null, CancellationToken.None));
    }

    [Fact]
    public async Task Cancelled_request_is_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _permits.GetPermitAsync(Data.Permis.First().NumeroPermis, cancelled.Token));
    }
}
