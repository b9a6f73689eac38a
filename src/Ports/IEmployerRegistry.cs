using Interop.Employers.V1;

namespace Interop.Ports;

/// <summary>The Commercial Registry's employers, keyed by registry number (e.g. "16B0012345").</summary>
public interface IEmployerRegistry
{
    /// <returns>The employer, or null when the registry has no such number.</returns>
    Task<Sourced<Employer>?> GetEmployerAsync(string registryNumber, CancellationToken cancellationToken);

    /// <returns>One entry per requested number, in request order; null where unknown.</returns>
    Task<IReadOnlyList<Sourced<Employer>?>> GetEmployersAsync(
        IReadOnlyList<string> registryNumbers, CancellationToken cancellationToken);
}
