using Interop.Permits.V1;
using Interop.Ports;

namespace Interop.Adapters.Labour;

/// <summary>
/// The ministry's work permits held in memory (the hub's sandbox). The rows are mapped once, with the same
/// mapper as <see cref="PostgresWorkPermits"/>, and indexed for the port's three queries.
/// </summary>
public sealed class InMemoryWorkPermits : IWorkPermits
{
    private readonly Dictionary<string, Sourced<Permit>> _byNumber = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, string Number, string Nationality), Sourced<Permit>[]> _byWorker = [];
    // Each employer's permits in ordinal permit-number order, the order the database's "C" collation gives.
    private readonly Dictionary<string, (string[] Numbers, Sourced<Permit>[] Permits)> _byEmployer = new(StringComparer.Ordinal);

    public InMemoryWorkPermits(LabourData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var travailleurs = data.Travailleurs.ToDictionary(t => t.IdTravailleur);
        var etapes = data.Etapes.GroupBy(e => e.NumeroPermis, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var permis = data.Permis.ToList();

        foreach (var row in permis)
        {
            _byNumber.Add(row.NumeroPermis, LabourMapper.ToSourcedPermit(
                row, travailleurs[row.IdTravailleur], etapes.GetValueOrDefault(row.NumeroPermis, [])));
        }

        foreach (var worker in permis.GroupBy(p => p.IdTravailleur))
        {
            var travailleur = travailleurs[worker.Key];
            _byWorker.Add(
                (travailleur.TypeDocument, travailleur.NumDocument, travailleur.CodeNationalite),
                worker.OrderByDescending(p => p.DateDepot)
                    .ThenByDescending(p => p.NumeroPermis, StringComparer.Ordinal)
                    .Select(p => _byNumber[p.NumeroPermis])
                    .ToArray());
        }

        foreach (var employer in permis.GroupBy(p => p.NumRc, StringComparer.Ordinal))
        {
            var numbers = employer.Select(p => p.NumeroPermis).Order(StringComparer.Ordinal).ToArray();
            _byEmployer.Add(employer.Key, (numbers, Array.ConvertAll(numbers, n => _byNumber[n])));
        }
    }

    public Task<Sourced<Permit>?> GetPermitAsync(string permitNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(permitNumber);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_byNumber.TryGetValue(permitNumber, out var permit) ? Copy(permit) : (Sourced<Permit>?)null);
    }

    public Task<IReadOnlyList<Sourced<Permit>>> ListWorkerPermitsAsync(
        TravelDocument travelDocument, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(travelDocument);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<Sourced<Permit>> permits =
            LabourMapper.ToTypeDocument(travelDocument.Type) is { } type
            && _byWorker.TryGetValue((type, travelDocument.Number, travelDocument.Nationality), out var found)
                ? Array.ConvertAll(found, Copy)
                : [];
        return Task.FromResult(permits);
    }

    public Task<PermitPage> ListEmployerPermitsAsync(
        string registryNumber, int pageSize, string? afterPermitNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registryNumber);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_byEmployer.TryGetValue(registryNumber, out var employer))
        {
            return Task.FromResult(new PermitPage([], false));
        }

        var (numbers, permits) = employer;
        var start = 0;
        if (afterPermitNumber is not null)
        {
            start = Array.BinarySearch(numbers, afterPermitNumber, StringComparer.Ordinal);
            start = start >= 0 ? start + 1 : ~start;
        }

        var count = Math.Min(pageSize, permits.Length - start);
        var page = new Sourced<Permit>[count];
        for (var i = 0; i < count; i++)
        {
            page[i] = Copy(permits[start + i]);
        }

        return Task.FromResult(new PermitPage(page, start + count < permits.Length));
    }

    // Callers own what they receive (the hub masks fields); the indexed originals stay untouched.
    private static Sourced<Permit> Copy(Sourced<Permit> permit) => permit with { Record = permit.Record.Clone() };
}
