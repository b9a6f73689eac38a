using Interop.Contributions.V1;

namespace Interop.Adapters.SocialSecurity;

/// <summary>
/// Computes an employer's standing with the fund from the fund's own rows, as it was on a given date.
/// Pure: the same rows and date always give the same standing, whichever backend read the rows.
/// </summary>
/// <remarks>
/// The fund's rules, as applied here:
/// <list type="bullet">
/// <item>The declaration and the contributions of month M are due on the last day of month M+1; a period
/// counts only once that due date is strictly before the as-of date (on the due date itself the employer is
/// still on time).</item>
/// <item>Periods count from the month of affiliation (or of the account's takeover into the current system,
/// when later) up to the month of closure when the account is closed.</item>
/// <item>Rows dated after the as-of date are ignored, so a past date gives the standing as it was then; a row
/// dated on the as-of date counts.</item>
/// <item>Contributions are settled period by period: an overpayment of one period does not pay another, and a
/// payment for a period with no declaration settles nothing that is known to be owed.</item>
/// <item>A payment plan reschedules the contributions of the periods it covers and suspends their penalties
/// while every instalment due before the as-of date has been paid by then; those debts are then not arrears.
/// One overdue instalment and the whole plan's remaining debt and penalties are owed again. Once the covered
/// contributions are paid off the plan is settled and its penalties stay remitted.</item>
/// </list>
/// </remarks>
public static class StandingCalculator
{
    public static Standing Compute(DossierEmployeur dossier, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var compte = dossier.Compte;
        var standing = new Standing
        {
            Name = SocialSecurityMapper.StandingName(compte.NumRc),
            AsOf = SocialSecurityMapper.ToDate(asOf),
            Arrears = SocialSecurityMapper.ToMoney(0),
            Penalties = SocialSecurityMapper.ToMoney(0),
        };

        // Not yet affiliated on that date: the employer had no number with the fund then, and owed it nothing.
        if (compte.DateAffiliation > asOf)
        {
            standing.Status = StandingStatus.NotRegistered;
            standing.UnmetConditions.Add(new UnmetCondition
            {
                Kind = UnmetConditionKind.NotRegistered,
                Description = $"not affiliated with the fund on {asOf:yyyy-MM-dd} (affiliated on {compte.DateAffiliation:yyyy-MM-dd})",
            });
            return standing;
        }

        standing.SocialSecurityNumber = compte.NumEmployeur;
        var closed = compte.DateCloture is { } cloture && cloture <= asOf;

        var firstDue = MonthOf(compte.DateReprise is { } reprise && reprise > compte.DateAffiliation ? reprise : compte.DateAffiliation);
        var lastDue = MonthOf(asOf) - 2;
        if (compte.DateCloture is { } dateCloture)
        {
            lastDue = Math.Min(lastDue, MonthOf(dateCloture));
        }

        var declared = new Dictionary<int, DeclarationMensuelle>();
        foreach (var declaration in dossier.Declarations)
        {
            if (declaration.DateDepot <= asOf)
            {
                declared[PeriodOf(declaration.Annee, declaration.Mois)] = declaration;
            }
        }

        var paid = new Dictionary<int, long>();
        foreach (var versement in dossier.Versements)
        {
            if (versement.DateVersement <= asOf)
            {
                var period = PeriodOf(versement.Annee, versement.Mois);
                paid[period] = paid.GetValueOrDefault(period) + versement.Montant;
            }
        }

        var outstanding = new Dictionary<int, long>();
        foreach (var (period, declaration) in declared)
        {
            if (period >= firstDue && period <= lastDue && declaration.CotisationDue > paid.GetValueOrDefault(period))
            {
                outstanding[period] = declaration.CotisationDue - paid.GetValueOrDefault(period);
            }
        }

        var plans = AssessPlans(dossier, asOf, outstanding);

        // Due periods with no declaration filed by the date (a payment alone does not replace the declaration).
        var missing = new List<int>();
        for (var period = firstDue; period <= lastDue; period++)
        {
            if (!declared.ContainsKey(period))
            {
                missing.Add(period);
            }
        }

        // The latest declaration filed, whether or not its period is already due.
        if (declared.Count > 0)
        {
            var latest = declared.Keys.Max();
            standing.LastDeclaredPeriod = ToPeriod(latest);
            standing.DeclaredWorkerCount = declared[latest].NbSalaries;
            var latestPaid = declared.Where(d => paid.GetValueOrDefault(d.Key) >= d.Value.CotisationDue)
                .Select(d => (int?)d.Key).Max();
            if (latestPaid is { } lastPaid)
            {
                standing.LastPaidPeriod = ToPeriod(lastPaid);
            }
        }

        // Contributions: what was declared for due periods minus what was paid for them.
        long arrears = 0;
        long rescheduled = 0;
        var overduePeriods = new List<int>();
        foreach (var (period, amount) in outstanding.OrderBy(o => o.Key))
        {
            standing.UnpaidPeriods.Add(ToPeriod(period));
            if (plans.IsRescheduled(period))
            {
                rescheduled += amount;
            }
            else
            {
                arrears += amount;
                overduePeriods.Add(period);
            }
        }

        // Penalties: notified by the date and still unpaid then, unless suspended by an honoured plan.
        long penalties = 0;
        var penalisedPeriods = new SortedSet<int>();
        foreach (var majoration in dossier.Majorations)
        {
            var period = PeriodOf(majoration.Annee, majoration.Mois);
            if (majoration.DateNotification > asOf
                || (majoration.DatePaiement is { } datePaiement && datePaiement <= asOf)
                || plans.IsRescheduled(period))
            {
                continue;
            }

            penalties += majoration.Montant;
            penalisedPeriods.Add(period);
        }

        standing.Arrears = SocialSecurityMapper.ToMoney(arrears);
        standing.Penalties = SocialSecurityMapper.ToMoney(penalties);

        if (closed)
        {
            standing.UnmetConditions.Add(new UnmetCondition
            {
                Kind = UnmetConditionKind.AccountClosed,
                Description = $"account closed by the fund on {compte.DateCloture:yyyy-MM-dd}",
            });
        }

        if (missing.Count > 0)
        {
            var condition = new UnmetCondition
            {
                Kind = UnmetConditionKind.DeclarationMissing,
                Description = missing.Count == 1
                    ? $"declaration for {Format(missing[0])} not filed (was due {DueDate(missing[0]):yyyy-MM-dd})"
                    : $"declarations for {missing.Count} periods not filed: {FormatList(missing)}",
            };
            condition.Periods.AddRange(missing.Select(ToPeriod));
            standing.UnmetConditions.Add(condition);
        }

        if (arrears > 0)
        {
            var condition = new UnmetCondition
            {
                Kind = UnmetConditionKind.ContributionsUnpaid,
                Description = $"contributions of {SocialSecurityMapper.FormatAmount(arrears)} unpaid for {FormatList(overduePeriods)}",
                Amount = SocialSecurityMapper.ToMoney(arrears),
            };
            condition.Periods.AddRange(overduePeriods.Select(ToPeriod));
            standing.UnmetConditions.Add(condition);
        }

        if (penalties > 0)
        {
            var condition = new UnmetCondition
            {
                Kind = UnmetConditionKind.PenaltiesUnpaid,
                Description = $"late-payment penalties of {SocialSecurityMapper.FormatAmount(penalties)} unpaid for {FormatList(penalisedPeriods)}",
                Amount = SocialSecurityMapper.ToMoney(penalties),
            };
            condition.Periods.AddRange(penalisedPeriods.Select(ToPeriod));
            standing.UnmetConditions.Add(condition);
        }

        foreach (var plan in plans.Defaulted)
        {
            var condition = new UnmetCondition
            {
                Kind = UnmetConditionKind.PaymentPlanDefaulted,
                Description = $"payment plan {plan.NumEcheancier} of {plan.DateAccord:yyyy-MM-dd}: {plan.OverdueCount} instalment(s) of "
                    + $"{SocialSecurityMapper.FormatAmount(plan.OverdueAmount)} overdue since {plan.FirstOverdue:yyyy-MM-dd}",
                Amount = SocialSecurityMapper.ToMoney(plan.OverdueAmount),
            };
            // The periods whose rescheduled contributions are owed again because of the default.
            condition.Periods.AddRange(overduePeriods.Where(p => p >= plan.FirstPeriod && p <= plan.LastPeriod).Select(ToPeriod));

            standing.UnmetConditions.Add(condition);
        }

        var overdue = missing.Count > 0 || arrears > 0 || penalties > 0 || plans.Defaulted.Count > 0;
        standing.Status = overdue ? StandingStatus.Arrears
            : rescheduled > 0 ? StandingStatus.PaymentPlan
            : StandingStatus.Good;
        standing.ClearanceEligible = standing.UnmetConditions.Count == 0;
        return standing;
    }

    /// <summary>The due date of period M: the last day of month M+1.</summary>
    public static DateOnly DueDate(short annee, short mois) => DueDate(PeriodOf(annee, mois));

    private static DateOnly DueDate(int period) => FirstDayOf(period + 2).AddDays(-1);

    private static PlanAssessment AssessPlans(DossierEmployeur dossier, DateOnly asOf, Dictionary<int, long> outstanding)
    {
        var assessment = new PlanAssessment();
        foreach (var plan in dossier.Echeanciers)
        {
            var first = PeriodOf(plan.AnneeDebut, plan.MoisDebut);
            var last = PeriodOf(plan.AnneeFin, plan.MoisFin);
            if (plan.DateAccord > asOf)
            {
                continue;
            }

            var overdueCount = 0;
            long overdueAmount = 0;
            DateOnly? firstOverdue = null;
            foreach (var echeance in dossier.Echeances)
            {
                // An instalment is overdue once its due date has passed without payment by the as-of date.
                if (echeance.NumEcheancier != plan.NumEcheancier
                    || echeance.DateEcheance >= asOf
                    || (echeance.DatePaiement is { } datePaiement && datePaiement <= asOf))
                {
                    continue;
                }

                overdueCount++;
                overdueAmount += echeance.Montant;
                if (firstOverdue is null || echeance.DateEcheance < firstOverdue)
                {
                    firstOverdue = echeance.DateEcheance;
                }
            }

            // A plan whose debts are paid off is settled: whatever its instalments say, it cannot be in default,
            // and the penalties it suspended stay remitted.
            var settled = !outstanding.Keys.Any(p => p >= first && p <= last);
            if (firstOverdue is { } since && !settled)
            {
                assessment.Defaulted.Add(new DefaultedPlan(plan.NumEcheancier, plan.DateAccord, first, last, overdueCount, overdueAmount, since));
            }
            else
            {
                assessment.Honoured.Add((first, last));
            }
        }

        return assessment;
    }

    private sealed class PlanAssessment
    {
        public List<(int First, int Last)> Honoured { get; } = [];

        public List<DefaultedPlan> Defaulted { get; } = [];

        public bool IsRescheduled(int period) => Honoured.Exists(p => period >= p.First && period <= p.Last);
    }

    private sealed record DefaultedPlan(
        int NumEcheancier, DateOnly DateAccord, int FirstPeriod, int LastPeriod, int OverdueCount, long OverdueAmount, DateOnly FirstOverdue);

    // Periods are handled as month numbers (year * 12 + month - 1) so that consecutive months are consecutive ints.
    private static int PeriodOf(int annee, int mois) => (annee * 12) + mois - 1;

    private static int MonthOf(DateOnly date) => PeriodOf(date.Year, date.Month);

    private static DateOnly FirstDayOf(int period) => new(period / 12, (period % 12) + 1, 1);

    private static Period ToPeriod(int period) => SocialSecurityMapper.ToPeriod(period / 12, (period % 12) + 1);

    private static string Format(int period) => $"{period / 12:D4}-{(period % 12) + 1:D2}";

    private static string FormatList(IEnumerable<int> periods) => string.Join(", ", periods.Select(Format));
}
