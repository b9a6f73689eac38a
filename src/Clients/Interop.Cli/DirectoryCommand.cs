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
        var table = Human.List($"You are {access.AgencyCode}/{access.System}", "Allowed methods");
        foreach (var method in access.AllowedMethods)
        {
            table.AddRow(Human.Cells(method));
        }

        return table;
    }
}
