using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using Interop.Hub.V1;
using Spectre.Console;

namespace Interop.Cli;

/// <summary><c>interop access grant|revoke|list|get</c>: the grants to your agency's services, and those you hold.</summary>
internal static class AccessCommands
{
    public static Command Create(CliSession session)
    {
        var access = new Command("access", "Access rights: grant other agencies access to your services, revoke, list.");
        access.Add(CreateGrant(session));
        access.Add(CreateRevoke(session));
        access.Add(CreateList(session));
        access.Add(CreateGet(session));
        return access;
    }

    private static Command CreateGrant(CliSession session)
    {
        var consumer = new Option<string>("--consumer")
        {
            Description = "Who may call: an agency (GS) or one of its systems (GS/border-control)",
            HelpName = "AGENCY[/system]",
            Required = true,
        };
        var service = new Option<string>("--service")
        {
            Description = "The service, fully qualified, e.g. interop.employers.v1.EmployerRegistry",
            HelpName = "service",
            Required = true,
        };
        var method = new Option<string>("--method") { Description = "Only this method of the service, e.g. GetEmployer", HelpName = "method" };
        var purposes = new Option<string[]>("--for")
        {
            Description = "A purpose the consumer may call for (repeatable); any purpose when omitted",
            HelpName = "PURPOSE",
            AllowMultipleArgumentsPerToken = true,
        };
        var fields = new Option<string>("--fields")
        {
            Description = "Only these fields of the record, comma-separated, e.g. registry_number,status (name is always kept)",
            HelpName = "paths",
        };
        var rate = new Option<int?>("--rate") { Description = "Requests per second per calling system and hub instance", HelpName = "count" };
        var burst = new Option<int?>("--burst") { Description = "Requests at once, at least --rate [default: --rate]", HelpName = "count" };
        var id = new Option<string>("--id") { Description = "The grant's id, 4-63 of a-z, 0-9 and '-' [default: chosen by the hub]", HelpName = "id" };

        var grant = new Command("grant", "Grant an agency (or one of its systems) access to one of your agency's services.")
        {
            consumer, service, method, purposes, fields, rate, burst, id,
        };
        grant.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var (agency, system) = SplitConsumer(parse.GetRequiredValue(consumer));
            var message = new Grant
            {
                ConsumerAgency = agency,
                ConsumerSystem = system,
                Service = parse.GetRequiredValue(service).Trim(),
                Method = parse.GetValue(method)?.Trim() ?? string.Empty,
                Purposes = { parse.GetValue(purposes) ?? [] },
            };
            if (parse.GetValue(fields) is { } paths)
            {
                message.FieldMask = new FieldMask { Paths = { paths.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) } };
            }

            if (parse.GetValue(rate) is { } perSecond)
            {
                message.RateLimit = new RateLimit { RequestsPerSecond = perSecond, Burst = parse.GetValue(burst) ?? 0 };
            }
            else if (parse.GetValue(burst) is not null)
            {
                throw new UsageException("--burst needs --rate.");
            }

            var request = new CreateGrantRequest { Grant = message, GrantId = parse.GetValue(id)?.Trim() ?? string.Empty };
            var (response, exchangeId) = await CommandContext.AnswerAsync(
                context.Hub.Access.CreateGrantAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return Show(context, response.Grant, response, exchangeId);
        }));
        return grant;
    }

    private static Command CreateRevoke(CliSession session)
    {
        var name = new Argument<string>("grant") { Description = "The grant's id or resource name (grants/{id})" };
        var reason = new Option<string>("--reason") { Description = "Why, kept with the grant for audit", HelpName = "text", Required = true };
        var revoke = new Command("revoke", "Revoke a grant: refused from then on, on every hub instance within a second.") { name, reason };
        revoke.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var request = new RevokeGrantRequest
            {
                Name = ResourceNames.Grant(context.ParseResult.GetRequiredValue(name)),
                Reason = context.ParseResult.GetRequiredValue(reason),
            };
            var (response, exchangeId) = await CommandContext.AnswerAsync(
                context.Hub.Access.RevokeGrantAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return Show(context, response.Grant, response, exchangeId);
        }));
        return revoke;
    }

    private static Command CreateGet(CliSession session)
    {
        var name = new Argument<string>("grant") { Description = "The grant's id or resource name (grants/{id})" };
        var get = new Command("get", "Show one grant, revoked or not.") { name };
        get.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var request = new GetGrantRequest { Name = ResourceNames.Grant(context.ParseResult.GetRequiredValue(name)) };
            var (response, exchangeId) = await CommandContext.AnswerAsync(
                context.Hub.Access.GetGrantAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return Show(context, response.Grant, response, exchangeId);
        }));
        return get;
    }

    private static Command CreateList(CliSession session)
    {
        var revoked = new Option<bool>("--revoked") { Description = "Also list revoked grants" };
        var list = new Command("list", "List the grants your agency provides or holds (every grant for the hub's operator).") { revoked };
        list.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var request = new ListGrantsRequest { ShowRevoked = context.ParseResult.GetValue(revoked), PageSize = 500 };
            var all = new ListGrantsResponse();
            string? exchangeId;
            do
            {
                ListGrantsResponse page;
                (page, exchangeId) = await CommandContext.AnswerAsync(
                    context.Hub.Access.ListGrantsAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
                all.Grants.Add(page.Grants);
                request.PageToken = page.NextPageToken;
            }
            while (!string.IsNullOrEmpty(request.PageToken));

            if (context.Json)
            {
                context.WriteJson(all);
                return ExitCodes.Success;
            }

            var table = Human.List("Grants", "Grant", "Provider", "Consumer", "Service / method", "Purposes", "Fields", "Rate", "State");
            foreach (var grant in all.Grants)
            {
                table.AddRow(Human.Cells(
                    grant.Name,
                    grant.ProviderAgency,
                    Consumer(grant),
                    Scope(grant),
                    Purposes(grant),
                    Fields(grant),
                    Rate(grant),
                    Human.Enum(grant.State)));
            }

            context.Console.Write(table);
            context.WriteProvenance(null, exchangeId);
            return ExitCodes.Success;
        }));
        return list;
    }

    private static int Show(CommandContext context, Grant grant, Google.Protobuf.IMessage response, string? exchangeId)
    {
        if (context.Json)
        {
            context.WriteJson(response);
            return ExitCodes.Success;
        }

        var fields = new List<(string, string)>
        {
            ("Provider", grant.ProviderAgency),
            ("Consumer", Consumer(grant)),
            ("Service / method", Scope(grant)),
            ("Purposes", Purposes(grant)),
            ("Fields", Fields(grant)),
            ("Rate limit", Rate(grant)),
            ("State", Human.Enum(grant.State)),
            ("Created", $"{Human.Timestamp(grant.CreateTime)} by {grant.Creator}"),
        };
        if (grant.RevokeTime is not null)
        {
            fields.Add(("Revoked", $"{Human.Timestamp(grant.RevokeTime)} by {grant.Revoker}: {grant.RevokeReason}"));
        }

        context.Console.Write(Human.Record(grant.Name, fields));
        context.WriteProvenance(null, exchangeId);
        return ExitCodes.Success;
    }

    private static (string Agency, string System) SplitConsumer(string consumer)
    {
        var parts = consumer.Trim().Split('/', 2);
        return (parts[0], parts.Length == 2 ? parts[1] : string.Empty);
    }

    private static string Consumer(Grant grant) =>
        string.IsNullOrEmpty(grant.ConsumerSystem) ? $"{grant.ConsumerAgency} (every system)" : $"{grant.ConsumerAgency}/{grant.ConsumerSystem}";

    private static string Scope(Grant grant) => string.IsNullOrEmpty(grant.Method) ? $"{grant.Service} (every method)" : $"{grant.Service}/{grant.Method}";

    private static string Purposes(Grant grant) => grant.Purposes.Count == 0 ? "any" : string.Join(", ", grant.Purposes);

    private static string Fields(Grant grant) => grant.FieldMask is null ? "all" : string.Join(", ", grant.FieldMask.Paths);

    private static string Rate(Grant grant) =>
        grant.RateLimit is { } limit ? $"{limit.RequestsPerSecond}/s, burst {limit.Burst}" : Human.None;
}
