using Interop.Contributions.V1;

namespace Interop.Ports;

/// <summary>The Social Security Fund's contribution accounts, keyed by the employer's registry number.</summary>
public interface IContributionStanding
{
    /// <summary>Computes the employer's standing from the fund's declarations, payments and penalties as of a date.</summary>
    /// <returns>The standing, or null when the fund has no account for that registry number.</returns>
    Task<Sourced<Standing>?> GetStandingAsync(string registryNumber, DateOnly asOf, CancellationToken cancellationToken);
}
