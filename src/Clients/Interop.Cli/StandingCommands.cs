using System.CommandLine;
using System.Globalization;
using Interop.Contributions.V1;
using Spectre.Console;

namespace Interop.Cli;

/// <summary><c>interop standing get</c>.</summary>
internal static class StandingCommands
{
    public static Command Create(CliSession session)
    {
        var standing = new Command("standing", "The Social Security Fund's view of employers' contributions (agency SSF).");
        standing.Add(CreateGet(session));
        return standing;
    }

    private static Command CreateGet(CliSession session)
    {
        var employer = new Argument<string>("employer")
        {
            Description = "Registry number (16B0012345) or resource name (employers/16B0012345[/standing])",
        };
        var asOf = new Option<DateOnly?>("--as-of")
        {
            Description = "The date to compute the standing for, YYYY-MM-DD [default: today, UTC]",
            HelpName = "date",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date;
                }

                result.AddError($"--as-of '{text}' is not a date of the form YYYY-MM-DD.");
                return null;
            },
        };
        var get = new Command("get", "Get an employer's contribution standing and clearance eligibility.") { employer, asOf };
        get.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var request = new GetStandingRequest { Name = ResourceNames.Standing(context.ParseResult.GetRequiredValue(employer)) };
            if (context.ParseResult.GetValue(asOf) is { } date)
            {
                request.AsOf = new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day };
            }

            var (response, exchangeId) = await CommandContext.AnswerAsync(
                context.Hub.Contributions.GetStandingAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(response);
            }
            else
            {
                context.Console.Write(StandingTable(response.Standing));
                if (response.Standing.UnmetConditions.Count > 0)
                {
                    context.Console.Write(ConditionsTable(response.Standing));
                }

                context.WriteProvenance(response.Provenance, exchangeId);
            }

            return ExitCodes.Success;
        }));
        return get;
    }

    private static Table StandingTable(Standing standing) => Human.Record(standing.Name,
    [
        ("As of", Human.Date(standing.AsOf)),
        ("Status", Human.Enum(standing.Status)),
        ("Clearance eligible", standing.ClearanceEligible ? "yes" : "no"),
        ("Social security number", Human.OrNone(standing.SocialSecurityNumber)),
        ("Arrears", Human.Money(standing.Arrears)),
        ("Penalties", Human.Money(standing.Penalties)),
        ("Last declared period", Human.Period(standing.LastDeclaredPeriod)),
        ("Last paid period", Human.Period(standing.LastPaidPeriod)),
        ("Declared workers", standing.DeclaredWorkerCount.ToString(CultureInfo.InvariantCulture)),
        ("Unpaid periods", Human.Periods(standing.UnpaidPeriods)),
    ]);

    private static Table ConditionsTable(Standing standing)
    {
        var table = Human.List("Why no clearance certificate", "Condition", "Description", "Periods", "Amount");
        foreach (var condition in standing.UnmetConditions)
        {
            table.AddRow(Human.Cells(
                Human.Enum(condition.Kind),
                Human.OrNone(condition.Description),
                Human.Periods(condition.Periods),
                Human.Money(condition.Amount)));
        }

        return table;
    }
}
