using Interop.Adapters.SocialSecurity;
using Interop.Contributions.V1;

namespace Interop.Adapters.Tests.SocialSecurity;

/// <summary>The fund's standing rules, on hand-built accounts. Periods are 2025 months unless said otherwise.</summary>
public sealed class StandingCalculatorTests
{
    private const int Id = 42;
    private const long Due = 1_000_000;
    private static readonly DateTime Stamp = new(2025, 1, 1, 9, 0, 0, DateTimeKind.Utc);

    // Affiliated mid-January 2025: January is the first period owed.
    private static readonly CompteEmployeur Compte = new(
        Id, "1234567890", "16B0012345", "SARL TEST", "16", new DateOnly(2025, 1, 15), null, null, false, Stamp);

    [Fact]
    public void Due_date_is_the_last_day_of_the_following_month()
    {
        Assert.Equal(new DateOnly(2025, 2, 28), StandingCalculator.DueDate(2025, 1));
        Assert.Equal(new DateOnly(2026, 1, 31), StandingCalculator.DueDate(2025, 12));
        Assert.Equal(new DateOnly(2024, 2, 29), StandingCalculator.DueDate(2024, 1));
    }

    [Fact]
    public void Everything_declared_and_paid_is_good_and_eligible()
    {
        var dossier = Dossier(declarations: Declared(1, 4), versements: Paid(1, 4));

        var standing = StandingCalculator.Compute(dossier, new DateOnly(2025, 6, 1));

        Assert.Equal(StandingStatus.Good, standing.Status);
        Assert.True(standing.ClearanceEligible);
        Assert.Empty(standing.UnmetConditions);
        Assert.Empty(standing.UnpaidPeriods);
        Assert.Equal(0, standing.Arrears.AmountMinor);
        Assert.Equal("DZD", standing.Arrears.CurrencyCode);
        Assert.Equal(0, standing.Penalties.AmountMinor);
        Assert.Equal("employers/16B0012345/standing", standing.Name);
        Assert.Equal("1234567890", standing.SocialSecurityNumber);
        Assert.Equal(new Google.Type.Date { Year = 2025, Month = 6, Day = 1 }, standing.AsOf);
        Assert.Equal(Period(4), standing.LastDeclaredPeriod);
        Assert.Equal(Period(4), standing.LastPaidPeriod);
        Assert.Equal(10, standing.DeclaredWorkerCount);
    }

    [Theory]
    [InlineData("2025-03-31", 1)] // February is due on 31 March: not late on that day
    [InlineData("2025-04-01", 2)] // ... but late the day after
    [InlineData("2025-02-28", 0)] // January due on 28 February: still on time
    public void A_period_counts_only_once_its_due_date_has_passed(string asOf, int missingPeriods)
    {
        var standing = StandingCalculator.Compute(Dossier(), DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture));

        var missing = standing.UnmetConditions.SingleOrDefault(c => c.Kind == UnmetConditionKind.DeclarationMissing);
        Assert.Equal(missingPeriods, missing?.Periods.Count ?? 0);
        Assert.Equal(missingPeriods == 0 ? StandingStatus.Good : StandingStatus.Arrears, standing.Status);
    }

    [Fact]
    public void Missing_declarations_name_their_exact_periods()
    {
        var declarations = Declared(1, 5).Where(d => d.Mois is not 2 and not 4).ToList();
        var versements = Paid(1, 5).Where(v => v.Mois is not 2 and not 4).ToList();

        var standing = StandingCalculator.Compute(Dossier(declarations, versements), new DateOnly(2025, 7, 1));

        Assert.Equal(StandingStatus.Arrears, standing.Status);
        Assert.False(standing.ClearanceEligible);
        var condition = Assert.Single(standing.UnmetConditions);
        Assert.Equal(UnmetConditionKind.DeclarationMissing, condition.Kind);
        Assert.Equal([Period(2), Period(4)], condition.Periods);
        Assert.Null(condition.Amount);
        Assert.Equal("declarations for 2 periods not filed: 2025-02, 2025-04", condition.Description);
        Assert.Equal(0, standing.Arrears.AmountMinor);
    }

    [Fact]
    public void A_single_missing_declaration_says_when_it_was_due()
    {
        var standing = StandingCalculator.Compute(Dossier(Declared(1, 3), Paid(1, 3)), new DateOnly(2025, 6, 1));

        var condition = Assert.Single(standing.UnmetConditions);
        Assert.Equal("declaration for 2025-04 not filed (was due 2025-05-31)", condition.Description);
    }

    [Fact]
    public void Arrears_are_declared_contributions_minus_payments_oldest_period_first()
    {
        // March half paid, April and May not paid at all.
        var versements = Paid(1, 2).Append(Payment(3, 1, Due / 2, new DateOnly(2025, 4, 10))).ToList();

        var standing = StandingCalculator.Compute(Dossier(Declared(1, 5), versements), new DateOnly(2025, 7, 1));

        Assert.Equal(StandingStatus.Arrears, standing.Status);
        Assert.Equal((Due / 2) + (2 * Due), standing.Arrears.AmountMinor);
        Assert.Equal([Period(3), Period(4), Period(5)], standing.UnpaidPeriods);
        var condition = Assert.Single(standing.UnmetConditions);
        Assert.Equal(UnmetConditionKind.ContributionsUnpaid, condition.Kind);
        Assert.Equal([Period(3), Period(4), Period(5)], condition.Periods);
        Assert.Equal(standing.Arrears, condition.Amount);
        Assert.Equal("contributions of 25000.00 DZD unpaid for 2025-03, 2025-04, 2025-05", condition.Description);
        Assert.Equal(Period(2), standing.LastPaidPeriod);
        Assert.Equal(Period(5), standing.LastDeclaredPeriod);
    }

    [Fact]
    public void Contributions_not_yet_due_are_not_arrears()
    {
        // May is declared but not paid: due on 30 June, so not owed on 15 June.
        var standing = StandingCalculator.Compute(Dossier(Declared(1, 5), Paid(1, 4)), new DateOnly(2025, 6, 15));

        Assert.Equal(StandingStatus.Good, standing.Status);
        Assert.Empty(standing.UnpaidPeriods);
        Assert.Equal(Period(5), standing.LastDeclaredPeriod);
        Assert.Equal(Period(4), standing.LastPaidPeriod);
    }

    [Fact]
    public void Overpaying_one_period_does_not_pay_another()
    {
        var versements = new List<Versement> { Payment(1, 1, 2 * Due, new DateOnly(2025, 2, 10)) };

        var standing = StandingCalculator.Compute(Dossier(Declared(1, 2), versements), new DateOnly(2025, 4, 1));

        Assert.Equal(Due, standing.Arrears.AmountMinor);
        Assert.Equal([Period(2)], standing.UnpaidPeriods);
    }

    [Fact]
    public void Rows_dated_after_the_as_of_date_are_ignored()
    {
        // March declared on 5 April, paid late on 15 May (it was due on 30 April).
        var declarations = Declared(1, 2).Append(Declaration(3, new DateOnly(2025, 4, 5))).ToList();
        var versements = Paid(1, 2).Append(Payment(3, 1, Due, new DateOnly(2025, 5, 15))).ToList();
        var dossier = Dossier(declarations, versements);

        var beforeDeclaration = StandingCalculator.Compute(dossier, new DateOnly(2025, 4, 4));
        var beforePayment = StandingCalculator.Compute(dossier, new DateOnly(2025, 5, 14));
        var onPaymentDay = StandingCalculator.Compute(dossier, new DateOnly(2025, 5, 15));

        // On 4 April, March was not due yet: good, and February the last period declared.
        Assert.Equal(StandingStatus.Good, beforeDeclaration.Status);
        Assert.Equal(Period(2), beforeDeclaration.LastDeclaredPeriod);
        Assert.Equal(StandingStatus.Arrears, beforePayment.Status);
        Assert.Equal([Period(3)], beforePayment.UnpaidPeriods);
        Assert.Equal(StandingStatus.Good, onPaymentDay.Status);
        Assert.Equal(Period(3), onPaymentDay.LastPaidPeriod);
    }

    [Fact]
    public void A_declaration_filed_late_is_missing_until_it_is_filed()
    {
        var declarations = Declared(1, 3).Select(d => d.Mois == 2 ? d with { DateDepot = new DateOnly(2025, 5, 2) } : d).ToList();
        var dossier = Dossier(declarations, Paid(1, 3).Where(v => v.Mois != 2).ToList());

        var before = StandingCalculator.Compute(dossier, new DateOnly(2025, 5, 1));
        var after = StandingCalculator.Compute(dossier, new DateOnly(2025, 5, 2));

        Assert.Equal([Period(2)], before.UnmetConditions.Single(c => c.Kind == UnmetConditionKind.DeclarationMissing).Periods);
        Assert.Empty(before.UnpaidPeriods);
        Assert.DoesNotContain(after.UnmetConditions, c => c.Kind == UnmetConditionKind.DeclarationMissing);
        Assert.Equal([Period(2)], after.UnpaidPeriods);
    }

    [Fact]
    public void Penalties_count_from_notification_until_paid()
    {
        var majorations = new List<Majoration>
        {
            new(Id, 2025, 1, 50_000, new DateOnly(2025, 4, 10), new DateOnly(2025, 5, 20), Stamp),
            new(Id, 2025, 2, 70_000, new DateOnly(2025, 4, 10), null, Stamp),
        };
        var dossier = Dossier(Declared(1, 4), Paid(1, 4), majorations);

        var beforeNotice = StandingCalculator.Compute(dossier, new DateOnly(2025, 4, 9));
        var bothUnpaid = StandingCalculator.Compute(dossier, new DateOnly(2025, 5, 19));
        var onePaid = StandingCalculator.Compute(dossier, new DateOnly(2025, 6, 1));

        Assert.Equal(StandingStatus.Good, beforeNotice.Status);
        Assert.Equal(120_000, bothUnpaid.Penalties.AmountMinor);
        Assert.Equal(StandingStatus.Arrears, onePaid.Status);
        Assert.Equal(70_000, onePaid.Penalties.AmountMinor);
        Assert.Empty(onePaid.UnpaidPeriods);
        var condition = Assert.Single(onePaid.UnmetConditions);
        Assert.Equal(UnmetConditionKind.PenaltiesUnpaid, condition.Kind);
        Assert.Equal([Period(2)], condition.Periods);
        Assert.Equal(70_000, condition.Amount.AmountMinor);
        Assert.Equal("late-payment penalties of 700.00 DZD unpaid for 2025-02", condition.Description);
    }

    [Fact]
    public void Debts_under_an_honoured_plan_are_not_arrears()
    {
        var dossier = PlanDossier(secondInstalmentPaidOn: new DateOnly(2025, 8, 25));

        var standing = StandingCalculator.Compute(dossier, new DateOnly(2025, 9, 1));

        Assert.Equal(StandingStatus.PaymentPlan, standing.Status);
        Assert.True(standing.ClearanceEligible);
        Assert.Empty(standing.UnmetConditions);
        Assert.Equal(0, standing.Arrears.AmountMinor);
        // The suspended penalty on March is not owed either.
        Assert.Equal(0, standing.Penalties.AmountMinor);
        // March was paid off by the two instalments; April is still unpaid, though rescheduled.
        Assert.Equal([Period(4)], standing.UnpaidPeriods);
    }

    [Fact]
    public void An_overdue_instalment_defaults_the_plan_and_its_debts_are_arrears_again()
    {
        var dossier = PlanDossier(secondInstalmentPaidOn: null);

        var standing = StandingCalculator.Compute(dossier, new DateOnly(2025, 9, 1));

        Assert.Equal(StandingStatus.Arrears, standing.Status);
        Assert.False(standing.ClearanceEligible);
        // Declared 2,000,000 for March and April, 500,000 paid by the first instalment.
        Assert.Equal(1_500_000, standing.Arrears.AmountMinor);
        Assert.Equal(100_000, standing.Penalties.AmountMinor);
        Assert.Equal(
            [UnmetConditionKind.ContributionsUnpaid, UnmetConditionKind.PenaltiesUnpaid, UnmetConditionKind.PaymentPlanDefaulted],
            standing.UnmetConditions.Select(c => c.Kind));
        var defaulted = standing.UnmetConditions.Single(c => c.Kind == UnmetConditionKind.PaymentPlanDefaulted);
        Assert.Equal([Period(3), Period(4)], defaulted.Periods);
        Assert.Equal(500_000, defaulted.Amount.AmountMinor);
        Assert.Equal("payment plan 7 of 2025-06-15: 1 instalment(s) of 5000.00 DZD overdue since 2025-08-31", defaulted.Description);
    }

    [Fact]
    public void An_instalment_is_not_overdue_on_its_due_date()
    {
        var standing = StandingCalculator.Compute(PlanDossier(secondInstalmentPaidOn: null), new DateOnly(2025, 8, 31));

        Assert.Equal(StandingStatus.PaymentPlan, standing.Status);
    }

    [Fact]
    public void A_plan_agreed_after_the_as_of_date_does_not_cover_anything_yet()
    {
        var standing = StandingCalculator.Compute(PlanDossier(secondInstalmentPaidOn: null), new DateOnly(2025, 6, 14));

        Assert.Equal(StandingStatus.Arrears, standing.Status);
        Assert.Equal(2 * Due, standing.Arrears.AmountMinor);
        Assert.DoesNotContain(standing.UnmetConditions, c => c.Kind == UnmetConditionKind.PaymentPlanDefaulted);
    }

    [Fact]
    public void A_plan_paid_off_leaves_a_good_standing()
    {
        var dossier = PlanDossier(secondInstalmentPaidOn: new DateOnly(2025, 8, 25));
        // April paid off in one go instead of instalments 3 and 4; August declared and paid as usual.
        var paidOff = dossier with
        {
            Declarations = dossier.Declarations.Append(Declaration(8, new DateOnly(2025, 9, 10))).ToList(),
            Versements = dossier.Versements.Concat(
                [Payment(4, 1, Due, new DateOnly(2025, 9, 20)), Payment(8, 1, Due, new DateOnly(2025, 9, 20))]).ToList(),
        };

        var standing = StandingCalculator.Compute(paidOff, new DateOnly(2025, 10, 1));

        // Instalment 3 (due 30 September) was never paid, but the plan is settled: no default, penalty remitted.
        Assert.Equal(StandingStatus.Good, standing.Status);
        Assert.True(standing.ClearanceEligible);
        Assert.Empty(standing.UnpaidPeriods);
        Assert.Equal(0, standing.Penalties.AmountMinor);
    }

    [Fact]
    public void Other_debts_next_to_an_honoured_plan_are_still_arrears()
    {
        var dossier = PlanDossier(secondInstalmentPaidOn: new DateOnly(2025, 8, 25));
        var withJulyUnpaid = dossier with { Versements = dossier.Versements.Where(v => v.Mois != 7).ToList() };

        var standing = StandingCalculator.Compute(withJulyUnpaid, new DateOnly(2025, 9, 1));

        Assert.Equal(StandingStatus.Arrears, standing.Status);
        Assert.Equal(Due, standing.Arrears.AmountMinor);
        Assert.Equal([Period(7)], standing.UnmetConditions.Single().Periods);
        Assert.Equal([Period(4), Period(7)], standing.UnpaidPeriods);
    }

    [Fact]
    public void Not_yet_affiliated_on_the_date_is_not_registered()
    {
        var standing = StandingCalculator.Compute(Dossier(Declared(1, 2), Paid(1, 2)), new DateOnly(2025, 1, 14));

        Assert.Equal(StandingStatus.NotRegistered, standing.Status);
        Assert.False(standing.ClearanceEligible);
        Assert.Equal("", standing.SocialSecurityNumber);
        var condition = Assert.Single(standing.UnmetConditions);
        Assert.Equal(UnmetConditionKind.NotRegistered, condition.Kind);
        Assert.Equal("not affiliated with the fund on 2025-01-14 (affiliated on 2025-01-15)", condition.Description);
        Assert.Null(standing.LastDeclaredPeriod);
    }

    [Fact]
    public void A_closed_account_is_not_eligible_even_when_nothing_is_owed()
    {
        var closed = Dossier(Declared(1, 3), Paid(1, 3)) with { Compte = Compte with { DateCloture = new DateOnly(2025, 3, 20) } };

        var beforeClosure = StandingCalculator.Compute(closed, new DateOnly(2025, 3, 19));
        var afterClosure = StandingCalculator.Compute(closed, new DateOnly(2025, 12, 1));

        Assert.True(beforeClosure.ClearanceEligible);
        Assert.Equal(StandingStatus.Good, afterClosure.Status);
        Assert.False(afterClosure.ClearanceEligible);
        // No declarations owed after the month of closure.
        var condition = Assert.Single(afterClosure.UnmetConditions);
        Assert.Equal(UnmetConditionKind.AccountClosed, condition.Kind);
        Assert.Equal("account closed by the fund on 2025-03-20", condition.Description);
    }

    [Fact]
    public void A_closed_account_with_debts_lists_both()
    {
        var closed = Dossier(Declared(1, 3), Paid(1, 2)) with { Compte = Compte with { DateCloture = new DateOnly(2025, 3, 20) } };

        var standing = StandingCalculator.Compute(closed, new DateOnly(2025, 12, 1));

        Assert.Equal(StandingStatus.Arrears, standing.Status);
        Assert.Equal(
            [UnmetConditionKind.AccountClosed, UnmetConditionKind.ContributionsUnpaid],
            standing.UnmetConditions.Select(c => c.Kind));
    }

    [Fact]
    public void Periods_before_the_takeover_into_the_current_system_are_not_owed()
    {
        var taken = Dossier(Declared(6, 8), Paid(6, 8)) with
        {
            Compte = Compte with { DateAffiliation = new DateOnly(1998, 3, 2), DateReprise = new DateOnly(2025, 6, 1) },
        };

        var standing = StandingCalculator.Compute(taken, new DateOnly(2025, 10, 1));

        Assert.Equal(StandingStatus.Good, standing.Status);
        Assert.Equal("1234567890", standing.SocialSecurityNumber);
    }

    [Fact]
    public void Declared_worker_count_comes_from_the_latest_declaration()
    {
        var declarations = Declared(1, 3).Select(d => d with { NbSalaries = d.Mois * 3 }).ToList();

        var standing = StandingCalculator.Compute(Dossier(declarations, Paid(1, 3)), new DateOnly(2025, 5, 1));

        Assert.Equal(9, standing.DeclaredWorkerCount);
    }

    [Fact]
    public void Conditions_are_listed_in_a_stable_order()
    {
        var declarations = Declared(1, 4).Where(d => d.Mois != 4).ToList();
        var majorations = new List<Majoration> { new(Id, 2025, 1, 10_000, new DateOnly(2025, 3, 10), null, Stamp) };
        var closed = Dossier(declarations, Paid(1, 2), majorations) with { Compte = Compte with { DateCloture = new DateOnly(2025, 5, 2) } };

        var standing = StandingCalculator.Compute(closed, new DateOnly(2025, 8, 1));

        Assert.Equal(
            [
                UnmetConditionKind.AccountClosed,
                UnmetConditionKind.DeclarationMissing,
                UnmetConditionKind.ContributionsUnpaid,
                UnmetConditionKind.PenaltiesUnpaid,
            ],
            standing.UnmetConditions.Select(c => c.Kind));
        // April and May (the month of closure) were never declared.
        Assert.Equal([Period(4), Period(5)], standing.UnmetConditions[1].Periods);
    }

    /// <summary>
    /// March and April unpaid, covered by plan 7 agreed on 15 June: instalment 1 of 5,000 DZD due 31 July paid
    /// (credited to March), instalment 2 due 31 August, then two more. A 1,000 DZD penalty on March.
    /// Every other period January to July declared and paid.
    /// </summary>
    private static DossierEmployeur PlanDossier(DateOnly? secondInstalmentPaidOn)
    {
        var versements = Paid(1, 7).Where(v => v.Mois is not 3 and not 4)
            .Append(Payment(3, 1, Due / 2, new DateOnly(2025, 7, 28)))
            .ToList();
        if (secondInstalmentPaidOn is { } paid)
        {
            versements.Add(Payment(3, 2, Due / 2, paid));
        }

        var echeancier = new Echeancier(7, Id, new DateOnly(2025, 6, 15), 2025, 3, 2025, 4, 2 * Due, Stamp);
        var echeances = new List<Echeance>
        {
            new(7, 1, new DateOnly(2025, 7, 31), Due / 2, new DateOnly(2025, 7, 28), Stamp),
            new(7, 2, new DateOnly(2025, 8, 31), Due / 2, secondInstalmentPaidOn, Stamp),
            new(7, 3, new DateOnly(2025, 9, 30), Due / 2, null, Stamp),
            new(7, 4, new DateOnly(2025, 10, 31), Due / 2, null, Stamp),
        };
        var majorations = new List<Majoration> { new(Id, 2025, 3, 100_000, new DateOnly(2025, 5, 20), null, Stamp) };
        return new DossierEmployeur(Compte, Declared(1, 7), versements, majorations, [echeancier], echeances);
    }

    private static DossierEmployeur Dossier(
        IReadOnlyList<DeclarationMensuelle>? declarations = null,
        IReadOnlyList<Versement>? versements = null,
        IReadOnlyList<Majoration>? majorations = null) =>
        new(Compte, declarations ?? [], versements ?? [], majorations ?? [], [], []);

    /// <summary>Months first to last of 2025 declared on the 10th of the following month, 10 workers, <see cref="Due"/> owed.</summary>
    private static List<DeclarationMensuelle> Declared(int first, int last) =>
        Enumerable.Range(first, last - first + 1).Select(m => Declaration(m, new DateOnly(2025, m, 1).AddMonths(1).AddDays(9))).ToList();

    private static DeclarationMensuelle Declaration(int month, DateOnly filed) =>
        new(Id, 2025, (short)month, 10, Due * 1000 / 345, Due, filed, Stamp);

    /// <summary>Months first to last of 2025 paid in full on the 15th of the following month.</summary>
    private static List<Versement> Paid(int first, int last) =>
        Enumerable.Range(first, last - first + 1).Select(m => Payment(m, 1, Due, new DateOnly(2025, m, 1).AddMonths(1).AddDays(14))).ToList();

    private static Versement Payment(int month, short numOrdre, long amount, DateOnly paidOn) =>
        new(Id, 2025, (short)month, numOrdre, amount, paidOn, ModesVersement.Virement, Stamp);

    private static Period Period(int month) => new() { Year = 2025, Month = month };
}
