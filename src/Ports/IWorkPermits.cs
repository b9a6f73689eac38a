using Interop.Permits.V1;

namespace Interop.Ports;

/// <summary>The Ministry of Labour's work permits.</summary>
public interface IWorkPermits
{
    /// <returns>The permit, or null when the ministry has no such number (e.g. "WP-2025-0001234").</returns>
    Task<Sourced<Permit>?> GetPermitAsync(string permitNumber, CancellationToken cancellationToken);

    /// <returns>Every permit of the worker holding that document, newest application first; empty when none.</returns>
    Task<IReadOnlyList<Sourced<Permit>>> ListWorkerPermitsAsync(
        TravelDocument travelDocument, CancellationToken cancellationToken);

    /// <summary>One page of an employer's permits ordered by permit number, starting after <paramref name="afterPermitNumber"/>.</summary>
    Task<PermitPage> ListEmployerPermitsAsync(
        string registryNumber, int pageSize, string? afterPermitNumber, CancellationToken cancellationToken);
}

/// <param name="Permits">At most the requested page size.</param>
/// <param name="HasMore">Whether permits follow the last one returned.</param>
public sealed record PermitPage(IReadOnlyList<Sourced<Permit>> Permits, bool HasMore);
