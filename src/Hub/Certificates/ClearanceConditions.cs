using System.Globalization;
using Google.Rpc;
using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Hub.Validation;
using Interop.Type.V1;

namespace Interop.Hub.Certificates;

/// <summary>What stands between an employer and a clearance certificate, as PreconditionFailure violations.</summary>
public static class ClearanceConditions
{
    public const string EmployerStruckOff = "EMPLOYER_STRUCK_OFF";
    public const string NotEligible = "NOT_ELIGIBLE";

    private const string KindPrefix = "UNMET_CONDITION_KIND_";

    private static readonly Google.Protobuf.Reflection.EnumDescriptor _kinds =
        StandingReflection.Descriptor.EnumTypes.Single(e => e.Name == nameof(UnmetConditionKind));

    /// <param name="standing">The fund's live standing; null when the fund has no account for the employer.</param>
    public static IReadOnlyList<PreconditionFailure.Types.Violation> Unmet(string registryNumber, Employer employer, Standing? standing)
    {
        var subject = ResourceNames.Standing(registryNumber);
        var violations = new List<PreconditionFailure.Types.Violation>();
        if (standing is null)
        {
            violations.Add(Violation(
                UnmetConditionKind.NotRegistered, subject, "the employer exists at the commercial registry but has no account with the social security fund"));
        }
        else
        {
            violations.AddRange(standing.UnmetConditions.Select(c => Violation(c.Kind, subject, Describe(c))));
            if (!standing.ClearanceEligible && standing.UnmetConditions.Count == 0)
            {
                violations.Add(new() { Type = NotEligible, Subject = subject, Description = "the fund does not consider the employer eligible" });
            }
        }

        if (employer.Status == EmployerStatus.StruckOff)
        {
            violations.Add(new()
            {
                Type = EmployerStruckOff,
                Subject = ResourceNames.Employer(registryNumber),
                Description = "the commercial registry lists the employer as struck off",
            });
        }

        return violations;
    }

    private static PreconditionFailure.Types.Violation Violation(UnmetConditionKind kind, string subject, string description) => new()
    {
        Type = _kinds.FindValueByNumber((int)kind).Name.Replace(KindPrefix, "", StringComparison.Ordinal),
        Subject = subject,
        Description = description,
    };

    /// <summary>The fund's description, with the amount and periods concerned when it did not say them itself.</summary>
    private static string Describe(UnmetCondition condition)
    {
        var parts = new List<string> { condition.Description };
        var periods = string.Join(", ", condition.Periods.Select(p => $"{p.Year:D4}-{p.Month:D2}"));
        if (periods.Length > 0 && !condition.Description.Contains(periods, StringComparison.Ordinal))
        {
            parts.Add($"periods {periods}");
        }

        if (condition.Amount is { AmountMinor: > 0 } amount && !condition.Description.Contains(amount.CurrencyCode, StringComparison.Ordinal))
        {
            parts.Add($"amount {Format(amount)}");
        }

        return string.Join("; ", parts);
    }

    private static string Format(Money money) =>
        string.Create(CultureInfo.InvariantCulture, $"{money.AmountMinor / 100m:N2} {money.CurrencyCode}");
}
