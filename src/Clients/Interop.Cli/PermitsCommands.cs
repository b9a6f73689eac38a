using System.CommandLine;
using System.CommandLine.Parsing;
using Google.Protobuf.Reflection;
using Interop.Permits.V1;
using Spectre.Console;

namespace Interop.Cli;

/// <summary><c>interop permits get</c> and <c>interop permits list</c>.</summary>
internal static class PermitsCommands
{
    private const string TypePrefix = "TRAVEL_DOCUMENT_TYPE_";

    private static readonly EnumDescriptor TravelDocumentTypes =
        PermitsReflection.Descriptor.EnumTypes.Single(e => e.ClrType == typeof(TravelDocumentType));

    public static Command Create(CliSession session)
    {
        var permits = new Command("permits", "The Ministry of Labour's work permits of foreign workers (agency MOL).");
        permits.Add(CreateGet(session));
        permits.Add(CreateList(session));
        return permits;
    }

    private static Command CreateGet(CliSession session)
    {
        var id = new Argument<string>("permit")
        {
            Description = "Permit number (WP-2025-0001234) or resource name (permits/WP-2025-0001234)",
        };
        var get = new Command("get", "Get one work permit with its decisions.") { id };
        get.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var request = new GetPermitRequest { Name = ResourceNames.Permit(context.ParseResult.GetRequiredValue(id)) };
            var (response, exchangeId) = await CommandContext.AnswerAsync(
                context.Hub.Permits.GetPermitAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(response);
            }
            else
            {
                context.Console.Write(PermitTable(response.Permit));
                if (response.Permit.Stages.Count > 0)
                {
                    context.Console.Write(StagesTable(response.Permit));
                }

                context.WriteProvenance(response.Provenance, exchangeId);
            }

            return ExitCodes.Success;
        }));
        return get;
    }

    private static Command CreateList(CliSession session)
    {
        var employer = new Option<string>("--employer")
        {
            Description = "List this employer's permits: registry number or employers/... name",
            HelpName = "employer",
        };
        var pageSize = new Option<int?>("--page-size")
        {
            Description = "With --employer: permits per page, at most 500 [default: 50]",
            HelpName = "count",
        };
        var pageToken = new Option<string>("--page-token")
        {
            Description = "With --employer: continue from the token a previous page printed",
            HelpName = "token",
        };
        var all = new Option<bool>("--all") { Description = "With --employer: follow every page and print them as one list" };
        var documentNumber = new Option<string>("--document-number")
        {
            Description = "List one worker's permits: travel document number",
            HelpName = "number",
        };
        var nationality = new Option<string>("--nationality")
        {
            Description = "With --document-number: the issuing country, ISO 3166-1 alpha-3 (e.g. EGY)",
            HelpName = "country",
        };
        var documentType = new Option<TravelDocumentType>("--document-type")
        {
            Description = "With --document-number: passport, refugee-travel-document or laissez-passer [default: passport]",
            HelpName = "type",
            DefaultValueFactory = _ => TravelDocumentType.Passport,
            CustomParser = ParseDocumentType,
        };

        var list = new Command("list", "List an employer's permits (paged) or a worker's permits (newest first).")
        {
            employer, pageSize, pageToken, all, documentNumber, nationality, documentType,
        };
        list.Validators.Add(result =>
        {
            var byEmployer = result.GetResult(employer) is not null;
            var byWorker = result.GetResult(documentNumber) is not null;
            if (byEmployer == byWorker)
            {
                result.AddError("Give either --employer, or --document-number with --nationality.");
            }

            if (byWorker && result.GetResult(nationality) is null)
            {
                result.AddError("--document-number needs --nationality.");
            }

            if (!byWorker && (result.GetResult(nationality) is not null || result.GetResult(documentType) is { Implicit: false }))
            {
                result.AddError("--nationality and --document-type go with --document-number.");
            }

            if (!byEmployer && (result.GetResult(pageSize) is not null || result.GetResult(pageToken) is not null
                || result.GetResult(all) is not null))
            {
                result.AddError("--page-size, --page-token and --all go with --employer.");
            }
        });

        list.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            if (parse.GetValue(employer) is { } employerId)
            {
                var request = new ListEmployerPermitsRequest
                {
                    Parent = ResourceNames.Employer(employerId),
                    PageSize = parse.GetValue(pageSize) ?? 0,
                    PageToken = parse.GetValue(pageToken) ?? string.Empty,
                };
                return await ListEmployerPermitsAsync(context, request, parse.GetValue(all), cancellationToken).ConfigureAwait(false);
            }

            var worker = new ListWorkerPermitsRequest
            {
                TravelDocument = new TravelDocument
                {
                    Type = parse.GetValue(documentType),
                    Number = parse.GetRequiredValue(documentNumber).Trim(),
                    Nationality = parse.GetRequiredValue(nationality).Trim(),
                },
            };
            var (response, exchangeId) = await CommandContext.AnswerAsync(
                context.Hub.Permits.ListWorkerPermitsAsync(worker, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(response);
            }
            else
            {
                context.Console.Write(PermitsTable(response.Permits));
                context.WriteProvenance(response.Provenance, exchangeId);
            }

            return ExitCodes.Success;
        }));
        return list;
    }

    private static async Task<int> ListEmployerPermitsAsync(
        CommandContext context, ListEmployerPermitsRequest request, bool all, CancellationToken cancellationToken)
    {
        var (page, exchangeId) = await CommandContext.AnswerAsync(
            context.Hub.Permits.ListEmployerPermitsAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (all)
        {
            // One list, as if the hub had answered in a single page; the provenance is the last page's.
            var combined = page.Clone();
            while (!string.IsNullOrEmpty(page.NextPageToken))
            {
                var next = request.Clone();
                next.PageToken = page.NextPageToken;
                (page, exchangeId) = await CommandContext.AnswerAsync(
                    context.Hub.Permits.ListEmployerPermitsAsync(next, cancellationToken: cancellationToken)).ConfigureAwait(false);
                combined.Permits.Add(page.Permits);
                combined.Provenance = page.Provenance;
            }

            combined.NextPageToken = string.Empty;
            page = combined;
        }

        if (context.Json)
        {
            context.WriteJson(page);
            return ExitCodes.Success;
        }

        context.Console.Write(PermitsTable(page.Permits));
        if (!string.IsNullOrEmpty(page.NextPageToken))
        {
            context.Console.Write(new Text($"More permits: --page-token {page.NextPageToken}{Environment.NewLine}"));
        }

        context.WriteProvenance(page.Provenance, exchangeId);
        return ExitCodes.Success;
    }

    private static TravelDocumentType ParseDocumentType(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        var normalized = text.Trim().ToUpperInvariant().Replace('-', '_');
        if (!normalized.StartsWith(TypePrefix, StringComparison.Ordinal))
        {
            normalized = TypePrefix + normalized;
        }

        var value = TravelDocumentTypes.Values.FirstOrDefault(v => v.Name == normalized);
        if (value is null || value.Number == 0)
        {
            result.AddError($"--document-type '{text}' is not one of passport, refugee-travel-document, laissez-passer.");
            return TravelDocumentType.Unspecified;
        }

        return (TravelDocumentType)value.Number;
    }

    private static Table PermitTable(Permit permit) => Human.Record(permit.Name,
    [
        ("Permit number", permit.PermitNumber),
        ("Status", Human.Enum(permit.Status)),
        ("Worker", WorkerName(permit.Worker)),
        ("Born", Human.Date(permit.Worker?.BirthDate)),
        ("Travel document", Document(permit.Worker?.TravelDocument)),
        ("Employer", Human.OrNone(permit.Employer)),
        ("Occupation", $"{permit.OccupationCode} {permit.OccupationTitle}".Trim()),
        ("Valid from", Human.Date(permit.ValidFrom)),
        ("Valid until", Human.Date(permit.ValidUntil)),
        ("Tracking number", Human.OrNone(permit.TrackingNumber)),
    ]);

    private static Table StagesTable(Permit permit)
    {
        var table = Human.List("Decisions", "Stage", "Decided by", "When");
        foreach (var stage in permit.Stages)
        {
            table.AddRow(Human.Cells(Human.Enum(stage.Stage), Human.Enum(stage.DecidingRole), Human.Timestamp(stage.DecideTime)));
        }

        return table;
    }

    private static Table PermitsTable(IReadOnlyCollection<Permit> permits)
    {
        var table = Human.List(null, "Permit", "Status", "Worker", "Travel document", "Employer", "Occupation", "Valid until");
        foreach (var permit in permits)
        {
            table.AddRow(Human.Cells(
                permit.PermitNumber,
                Human.Enum(permit.Status),
                WorkerName(permit.Worker),
                Document(permit.Worker?.TravelDocument),
                Human.OrNone(permit.Employer),
                Human.OrNone(permit.OccupationTitle),
                Human.Date(permit.ValidUntil)));
        }

        table.Caption(permits.Count == 1 ? "1 permit" : $"{permits.Count} permits");
        return table;
    }

    private static string WorkerName(Worker? worker) =>
        worker is null ? Human.None : $"{worker.Surname}, {worker.GivenNames}";

    private static string Document(TravelDocument? document) =>
        document is null ? Human.None : $"{Human.Enum(document.Type)} {document.Number} ({document.Nationality})";
}
