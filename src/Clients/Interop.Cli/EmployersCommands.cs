using System.CommandLine;
using Interop.Employers.V1;
using Spectre.Console;

namespace Interop.Cli;

/// <summary><c>interop employers get</c> and <c>interop employers batch-get</c>.</summary>
internal static class EmployersCommands
{
    /// <summary>The hub's limit of names per BatchGetEmployers call; longer lists are sent in several calls.</summary>
    public const int MaxBatchSize = 1000;

    public static Command Create(CliSession session)
    {
        var employers = new Command("employers", "The Commercial Registry's employers (agency CR).");
        employers.Add(CreateGet(session));
        employers.Add(CreateBatchGet(session));
        return employers;
    }

    private static Command CreateGet(CliSession session)
    {
        var id = new Argument<string>("employer")
        {
            Description = "Registry number (16B0012345) or resource name (employers/16B0012345)",
        };
        var get = new Command("get", "Get one employer.") { id };
        get.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var request = new GetEmployerRequest { Name = ResourceNames.Employer(context.ParseResult.GetRequiredValue(id)) };
            var (response, exchangeId) = await CommandContext.AnswerAsync(
                context.Hub.Employers.GetEmployerAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(response);
            }
            else
            {
                context.Console.Write(EmployerTable(response.Employer));
                context.WriteProvenance(response.Provenance, exchangeId);
            }

            return ExitCodes.Success;
        }));
        return get;
    }

    private static Command CreateBatchGet(CliSession session)
    {
        var ids = new Argument<string[]>("employers")
        {
            Description = "Registry numbers or resource names; @path reads them from a file, one per line ('#' starts a comment)",
            Arity = ArgumentArity.OneOrMore,
        };
        var batchGet = new Command("batch-get", "Get many employers at once; unknown ones are reported per employer.") { ids };
        batchGet.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var names = IdList.Expand(context.ParseResult.GetRequiredValue(ids)).Select(ResourceNames.Employer).ToList();
            if (names.Count == 0)
            {
                throw new UsageException("No employers to get: the files named with @ are empty.");
            }

            var combined = new BatchGetEmployersResponse();
            string? exchangeId = null;
            foreach (var chunk in names.Chunk(MaxBatchSize))
            {
                var request = new BatchGetEmployersRequest { Names = { chunk } };
                (var response, exchangeId) = await CommandContext.AnswerAsync(
                    context.Hub.Employers.BatchGetEmployersAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
                combined.Results.Add(response.Results);
            }

            if (context.Json)
            {
                context.WriteJson(combined);
            }
            else
            {
                context.Console.Write(BatchTable(combined));
                context.WriteProvenance(null, exchangeId);
            }

            return combined.Results.Any(r => r.OutcomeCase != EmployerResult.OutcomeOneofCase.Employer)
                ? ExitCodes.PartialFailure
                : ExitCodes.Success;
        }));
        return batchGet;
    }

    private static Table EmployerTable(Employer employer) => Human.Record(employer.Name,
    [
        ("Registry number", employer.RegistryNumber),
        ("Legal name", employer.LegalNameLatin),
        ("Legal name (Arabic)", Human.OrNone(employer.LegalNameAr)),
        ("Legal form", Human.Enum(employer.LegalForm)),
        ("Status", Human.Enum(employer.Status)),
        ("Registered", Human.Date(employer.RegistrationDate)),
        ("Social security number", Human.OrNone(employer.SocialSecurityNumber)),
        ("Tax id", Human.OrNone(employer.TaxId)),
        ("Activity", Human.OrNone(employer.ActivityCode)),
        ("Region", employer.Region is null ? Human.None : $"{employer.Region.Code} {employer.Region.Name}"),
        ("Declared headcount", employer.DeclaredHeadcount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ]);

    private static Table BatchTable(BatchGetEmployersResponse response)
    {
        var table = Human.List(null, "Requested", "Outcome", "Legal name", "Status", "Region", "Source");
        foreach (var result in response.Results)
        {
            if (result.OutcomeCase == EmployerResult.OutcomeOneofCase.Employer)
            {
                var employer = result.Employer;
                table.AddRow(Human.Cells(
                    result.RequestedName,
                    "found",
                    employer.LegalNameLatin,
                    Human.Enum(employer.Status),
                    employer.Region?.Name ?? Human.None,
                    result.Provenance?.ProviderAgency ?? Human.None));
            }
            else
            {
                table.AddRow(Human.Cells(result.RequestedName, Outcome(result.Error), Human.None, Human.None, Human.None, Human.None));
            }
        }

        return table;
    }

    /// <summary>The status and its reason; the full details are one <c>--json</c> away.</summary>
    private static string Outcome(Google.Rpc.Status? error)
    {
        if (error is null)
        {
            return "no answer";
        }

        var outcome = $"{Human.Status((Grpc.Core.StatusCode)error.Code)}: {error.Message}";
        return error.GetDetail<Google.Rpc.ErrorInfo>() is { } info ? $"{outcome}{Environment.NewLine}reason: {info.Reason}" : outcome;
    }
}
