using System.Globalization;
using Interop.Permits.V1;
using Interop.Ports;

namespace Interop.Hub.Caching;

/// <summary>The Ministry of Labour's permits through the hub's cache.</summary>
internal sealed class CachedWorkPermits(IWorkPermits permits, HubCache cache) : IWorkPermits
{
    public Task<Sourced<Permit>?> GetPermitAsync(string permitNumber, CancellationToken cancellationToken) =>
        cache.GetAsync(cache.Spaces.Permits, permitNumber, "", ct => permits.GetPermitAsync(permitNumber, ct), cancellationToken);

    public Task<IReadOnlyList<Sourced<Permit>>> ListWorkerPermitsAsync(TravelDocument travelDocument, CancellationToken cancellationToken) =>
        cache.GetAsync(
            cache.Spaces.WorkerPermits,
            ChangeKeys.TravelDocument(travelDocument),
            "",
            ct => permits.ListWorkerPermitsAsync(travelDocument, ct),
            cancellationToken);

    /// <summary>Each page is a variant of the employer's entry: a change to any of its permits drops every page.</summary>
    public Task<PermitPage> ListEmployerPermitsAsync(
        string registryNumber, int pageSize, string? afterPermitNumber, CancellationToken cancellationToken) =>
        cache.GetAsync(
            cache.Spaces.EmployerPermits,
            registryNumber,
            string.Create(CultureInfo.InvariantCulture, $"{pageSize}|{afterPermitNumber}"),
            ct => permits.ListEmployerPermitsAsync(registryNumber, pageSize, afterPermitNumber, ct),
            cancellationToken);
}
