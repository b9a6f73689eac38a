namespace Interop.Seeding;

/// <summary>How much synthetic data to generate, and from which seed. Same options, same data.</summary>
public sealed record SeedOptions
{
    public int Seed { get; init; } = 2026;

    public int Employers { get; init; } = 200_000;

    public int InsuredWorkers { get; init; } = 2_000_000;

    public int Permits { get; init; } = 300_000;

    /// <summary>Months of declarations and payments per employer, ending the month before <see cref="ReferenceDate"/>.</summary>
    public int Months { get; init; } = 24;

    /// <summary>
    /// The "today" of the generated world: the first day of a month. Declarations and payments cover the
    /// <see cref="Months"/> months before it; nothing is dated after it.
    /// </summary>
    public DateOnly ReferenceDate { get; init; } = FirstOfMonth(DateTime.UtcNow);

    /// <summary>The national scale the issue asks the seed command to load by default.</summary>
    public static SeedOptions National => new();

    /// <summary>The smaller world the sandbox keeps in memory.</summary>
    public static SeedOptions Sandbox => new() { Employers = 10_000, InsuredWorkers = 100_000, Permits = 15_000 };

    public static DateOnly FirstOfMonth(DateTime utc) => new(utc.Year, utc.Month, 1);
}
