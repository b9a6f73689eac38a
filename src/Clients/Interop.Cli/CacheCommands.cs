using System.CommandLine;
using Interop.Hub.V1;
using Spectre.Console;

namespace Interop.Cli;

/// <summary><c>interop cache purge</c>: make the hub forget an agency's cached answers.</summary>
internal static class CacheCommands
{
    public static Command Create(CliSession session)
    {
        var cache = new Command("cache", "The hub's cache of the agencies' answers.");
        cache.Add(CreatePurge(session));
        return cache;
    }

    private static Command CreatePurge(CliSession session)
    {
        var agency = new Argument<string>("agency") { Description = "The agency's code or resource name, e.g. CR or agencies/CR" };
        var reason = new Option<string>("--reason") { Description = "Why, for the hub's logs", HelpName = "text", Required = true };
        var purge = new Command("purge",
            "Drop every answer the hub cached from an agency, on every hub instance, after a change its change feed did not announce (a restored backup, a correction made directly in its database). Your own agency's, or any as the hub's operator.")
        {
            agency, reason,
        };
        purge.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var request = new PurgeAgencyCacheRequest
            {
                Name = ResourceNames.Agency(context.ParseResult.GetRequiredValue(agency)),
                Reason = context.ParseResult.GetRequiredValue(reason),
            };
            var (response, exchangeId) = await CommandContext.AnswerAsync(new CacheAdmin.CacheAdminClient(context.Hub.CallInvoker)
                .PurgeAgencyCacheAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(response);
                return ExitCodes.Success;
            }

            context.Console.Write(new Text(
                $"Cached answers of {request.Name} purged at {Human.Timestamp(response.PurgeTime)}: {Reach(response.Scope)}{Environment.NewLine}"));
            context.WriteProvenance(null, exchangeId);
            return ExitCodes.Success;
        }));
        return purge;
    }

    private static string Reach(PurgeScope scope) => scope switch
    {
        PurgeScope.EveryInstance => "every hub instance has dropped them.",
        PurgeScope.PendingRedis => "only the instance that answered has, as Redis is unreachable; the others drop them once it is back.",
        PurgeScope.ThisInstance => "the hub runs without a shared cache, so only the instance that answered has dropped them.",
        _ => $"reach not stated ({scope}).",
    };
}
