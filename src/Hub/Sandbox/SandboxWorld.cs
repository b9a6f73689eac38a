using Interop.Adapters.CommercialRegistry;
using Interop.Adapters.Labour;
using Interop.Adapters.SocialSecurity;
using Interop.Seeding;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Sandbox;

/// <summary>
/// The sandbox's three agencies, generated in memory by the same deterministic generator that seeds the
/// PostgreSQL databases. "Today" in the synthetic world is the first day of the current month.
/// </summary>
public sealed class SandboxWorld
{
    public SandboxWorld(IOptions<SandboxOptions> options, TimeProvider timeProvider)
    {
        var sandbox = options.Value;
        Population = new Population(new SeedOptions
        {
            Seed = sandbox.Seed,
            Employers = sandbox.Employers,
            InsuredWorkers = Math.Max(sandbox.InsuredWorkers, sandbox.Employers),
            Permits = sandbox.Permits,
            ReferenceDate = SeedOptions.FirstOfMonth(timeProvider.GetUtcNow().UtcDateTime),
        });
        CommercialRegistry = CommercialRegistryGenerator.Generate(Population);
        SocialSecurity = SocialSecurityGenerator.Generate(Population);
        Labour = LabourGenerator.Generate(Population);
    }

    public Population Population { get; }

    public CommercialRegistryData CommercialRegistry { get; }

    public SocialSecurityData SocialSecurity { get; }

    public LabourData Labour { get; }

    /// <summary>The first employer of each kind, so the banner and the README can show ids that exist.</summary>
    public EmployerProfile? FirstEmployer(Func<EmployerProfile, bool> predicate) =>
        Population.Employers().Take(2000).FirstOrDefault(predicate);
}
