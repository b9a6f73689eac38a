using Interop.Seeding;

namespace Interop.Hub.Tests.Access;

/// <summary>The employers <see cref="HubHost.Sandbox"/> generates, for tests of access rights.</summary>
public static class AccessTesting
{
    public static readonly Population Population = new(SeedOptions.Sandbox with
    {
        Employers = 300,
        InsuredWorkers = 3000,
        Permits = 600,
        ReferenceDate = SeedOptions.FirstOfMonth(DateTime.UtcNow),
    });

    public static string EmployerName(int index) => $"employers/{Population.Employer(index).RegistryNumber}";
}
