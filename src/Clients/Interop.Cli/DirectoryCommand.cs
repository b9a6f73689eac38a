using System.CommandLine;
using Interop.Hub.V1;
using Spectre.Console;

namespace Interop.Cli;

/// <summary><c>interop directory</c>: the agencies on the hub and what the caller may call.</summary>
internal static class DirectoryCommand
{
    public static Command Create(CliSession session)
    {
        var directory = new Command("directory", "List the agencies connected to the hub and the methods you may call.");
        directory.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var (agencies, _) = await CommandContext.AnswerAsync(
                context.Hub.Directory.ListAgenciesAsync(new ListAgenciesRequest(), cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            var (access, exchangeId) = await CommandContext.AnswerAsync(
                context.Hub.Directory.GetCallerAccessAsync(new GetCallerAccessRequest(), cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(JsonOutput.Object(("agencies", agencies), ("callerAccess", access)));
                return ExitCodes.Success;
            }

            context.Console.Write(AgenciesTable(agencies));
            context.Console.Write(AccessTable(access));
            context.WriteProvenance(null, exchangeId);
            return ExitCodes.Success;
        }));
        return directory;
    }

    private static Table AgenciesTable(ListAgenciesResponse response)
    {
        var table = Human.List("Agencies", "Code", "Name", "Provides");
        foreach (var agency in response.Agencies)
        {
            var services = string.Join(Environment.NewLine, agency.ProvidedServices);
            table.AddRow(Human.Cells(agency.Code, agency.DisplayName, services.Length == 0 ? Human.None : services));
        }

        return table;
    }

    private static Table AccessTable(GetCallerAccessResponse access)
    {
        var table = Human.List($"You are {access.AgencyCode}/{access.System}", "Allowed method", "Provider", "Purposes", "Fields", "Rate", "Grant");
        foreach (var method in access.MethodAccess)
        {
            table.AddRow(Human.Cells(
                method.Method,
                string.IsNullOrEmpty(method.ProviderAgency) ? "hub" : method.ProviderAgency,
                !method.PurposeRequired ? "not needed" : method.Purposes.Count == 0 ? "any" : string.Join(", ", method.Purposes),
                method.FieldMask is null ? "all" : string.Join(", ", method.FieldMask.Paths),
                method.RateLimit is { } limit ? $"{limit.RequestsPerSecond}/s, burst {limit.Burst}" : Human.None,
                Human.OrNone(method.Grant)));
        }

        return table;
    }
}
