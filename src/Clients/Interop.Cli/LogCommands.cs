using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Interop.Hub.V1;
using Spectre.Console;
using ExchangeLogClient = Interop.Hub.V1.ExchangeLog.ExchangeLogClient;

namespace Interop.Cli;

/// <summary>
/// <c>interop log list</c> and <c>interop log get</c>: the hub's record of your agency's exchanges; receipts, keys,
/// verification and the subject access report are in <see cref="LogLedgerCommands"/>.
/// </summary>
internal static class LogCommands
{

    private static readonly string[] TimeFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "o"];

    public static Command Create(CliSession session)
    {
        var log = new Command("log", "The exchange log: every call in which your agency was the caller or the provider.");
        log.Add(CreateList(session));
        log.Add(CreateGet(session));
        LogLedgerCommands.AddTo(log, session);
        return log;
    }

    private static Command CreateList(CliSession session)
    {
        var from = new Option<DateTimeOffset?>("--from")
        {
            Description = "Exchanges that started at or after this time: YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (UTC) or ISO 8601 with offset",
            HelpName = "time",
            CustomParser = ParseTime,
        };
        var to = new Option<DateTimeOffset?>("--to")
        {
            Description = "Exchanges that started before this time (same formats as --from)",
            HelpName = "time",
            CustomParser = ParseTime,
        };
        var subject = new Option<string>("--subject")
        {
            Description = "Exchanges that asked about this id: registry number, permit number, travel document number",
            HelpName = "id",
        };
        var pageSize = new Option<int?>("--page-size") { Description = "Exchanges per page, at most 500 [default: 50]", HelpName = "count" };
        var pageToken = new Option<string>("--page-token")
        {
            Description = "Continue from the token a previous page printed (with the same filters)",
            HelpName = "token",
        };
        var all = new Option<bool>("--all") { Description = "Follow every page and print them as one list" };

        var list = new Command("list", "List your agency's exchanges, newest first.") { from, to, subject, pageSize, pageToken, all };
        list.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var request = new ListExchangesRequest
            {
                PageSize = parse.GetValue(pageSize) ?? 0,
                PageToken = parse.GetValue(pageToken) ?? string.Empty,
                SubjectId = parse.GetValue(subject)?.Trim() ?? string.Empty,
                FromTime = parse.GetValue(from) is { } fromTime ? Timestamp.FromDateTimeOffset(fromTime) : null,
                ToTime = parse.GetValue(to) is { } toTime ? Timestamp.FromDateTimeOffset(toTime) : null,
            };
            var client = new ExchangeLogClient(context.Hub.CallInvoker);
            var (page, exchangeId) = await CommandContext.AnswerAsync(
                client.ListExchangesAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (parse.GetValue(all))
            {
                var combined = page.Clone();
                while (!string.IsNullOrEmpty(page.NextPageToken))
                {
                    var next = request.Clone();
                    next.PageToken = page.NextPageToken;
                    (page, exchangeId) = await CommandContext.AnswerAsync(
                        client.ListExchangesAsync(next, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    combined.Exchanges.Add(page.Exchanges);
                }

                combined.NextPageToken = string.Empty;
                page = combined;
            }

            if (context.Json)
            {
                context.WriteJson(page);
                return ExitCodes.Success;
            }

            context.Console.Write(ExchangesTable(page.Exchanges));
            if (!string.IsNullOrEmpty(page.NextPageToken))
            {
                context.Console.Write(new Text($"More exchanges: --page-token {page.NextPageToken}{Environment.NewLine}"));
            }

            context.WriteProvenance(null, exchangeId);
            return ExitCodes.Success;
        }));
        return list;
    }

    private static Command CreateGet(CliSession session)
    {
        var id = new Argument<string>("exchange")
        {
            Description = "Exchange id (the x-interop-exchange-id a call returned) or resource name (exchanges/{id})",
        };
        var get = new Command("get", "Get one exchange with its digests.") { id };
        get.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var request = new GetExchangeRequest { Name = ResourceNames.Exchange(context.ParseResult.GetRequiredValue(id)) };
            var (response, exchangeId) = await CommandContext.AnswerAsync(new ExchangeLogClient(context.Hub.CallInvoker)
                .GetExchangeAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(response);
            }
            else
            {
                context.Console.Write(ExchangeTable(response.Exchange));
                context.WriteProvenance(null, exchangeId);
            }

            return ExitCodes.Success;
        }));
        return get;
    }

    public static DateTimeOffset? ParseTime(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value.Trim();
        if (DateTimeOffset.TryParseExact(
            text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        result.AddError($"'{text}' is not a time: use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (UTC) or ISO 8601 with an offset.");
        return null;
    }

    public static Table ExchangeTable(Exchange exchange) => Human.Record(exchange.Name,
    [
        ("Exchange id", exchange.ExchangeId),
        ("Started", Human.Timestamp(exchange.StartTime)),
        ("Caller", Caller(exchange)),
        ("Provider", Human.OrNone(exchange.ProviderAgency)),
        ("Method", exchange.Method),
        ("Subjects", Subjects(exchange)),
        ("Purpose", Human.OrNone(exchange.Purpose)),
        ("Case", Human.OrNone(exchange.CaseReference)),
        ("Official", Human.OrNone(exchange.OfficialId)),
        ("Status", Human.Status((Grpc.Core.StatusCode)exchange.StatusCode)),
        ("Latency", Latency(exchange)),
        ("From cache", exchange.CacheHit ? "yes" : "no"),
        ("Request", $"{exchange.RequestBytes} bytes, SHA-256 {Convert.ToHexStringLower(exchange.RequestSha256.Span)}"),
        ("Response", $"{exchange.ResponseBytes} bytes, SHA-256 {Convert.ToHexStringLower(exchange.ResponseSha256.Span)}"),
    ]);

    private static Table ExchangesTable(IReadOnlyCollection<Exchange> exchanges)
    {
        var table = Human.List(null, "Started", "Exchange", "Caller", "Provider", "Method", "Subjects", "Status", "Latency", "Cache");
        foreach (var exchange in exchanges)
        {
            table.AddRow(Human.Cells(
                Human.Timestamp(exchange.StartTime),
                exchange.ExchangeId,
                Caller(exchange),
                Human.OrNone(exchange.ProviderAgency),
                ShortMethod(exchange.Method),
                Subjects(exchange),
                Human.Status((Grpc.Core.StatusCode)exchange.StatusCode),
                Latency(exchange),
                exchange.CacheHit ? "hit" : Human.None));
        }

        table.Caption(exchanges.Count == 1 ? "1 exchange" : $"{exchanges.Count} exchanges");
        return table;
    }

    public static string Caller(Exchange exchange) =>
        exchange.CallerAgency.Length == 0 ? "(unidentified)" : $"{exchange.CallerAgency}/{exchange.CallerSystem}";

    private static string Subjects(Exchange exchange) => exchange.SubjectIds.Count switch
    {
        0 => Human.None,
        <= 3 => string.Join(", ", exchange.SubjectIds),
        _ => $"{string.Join(", ", exchange.SubjectIds.Take(3))} and {exchange.SubjectIds.Count - 3} more",
    };

    private static string Latency(Exchange exchange) =>
        exchange.Latency is null ? Human.None : string.Create(CultureInfo.InvariantCulture, $"{exchange.Latency.ToTimeSpan().TotalMilliseconds:0.0} ms");

    /// <summary>Service and method without the package: <c>EmployerRegistry/GetEmployer</c>.</summary>
    public static string ShortMethod(string method)
    {
        var slash = method.LastIndexOf('/');
        var service = slash > 0 ? method[..slash] : method;
        var dot = service.LastIndexOf('.');
        return dot >= 0 ? method[(dot + 1)..] : method.TrimStart('/');
    }
}
