using System.ComponentModel.DataAnnotations;

namespace Interop.Hub.Sandbox;

/// <summary>The size and seed of the sandbox's synthetic agencies (configuration section "Sandbox").</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    public int Seed { get; set; } = 2026;

    [Range(1, 1_000_000, ErrorMessage = "Sandbox:Employers must be between 1 and 1,000,000.")]
    public int Employers { get; set; } = 10_000;

    [Range(1, 10_000_000, ErrorMessage = "Sandbox:InsuredWorkers must be between 1 and 10,000,000 and at least Sandbox:Employers.")]
    public int InsuredWorkers { get; set; } = 100_000;

    [Range(0, 3_000_000, ErrorMessage = "Sandbox:Permits must be between 0 and 3,000,000.")]
    public int Permits { get; set; } = 15_000;
}
