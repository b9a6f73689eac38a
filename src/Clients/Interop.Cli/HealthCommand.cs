using System.CommandLine;
using Spectre.Console;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Interop.Cli;

/// <summary>
/// <c>interop health</c>: what the hub instance tells load balancers through the standard gRPC health service. Needs
/// no caller identity, and is not an exchange (not logged).
/// </summary>
internal static class HealthCommand
{
    public static Command Create(CliSession session)
    {
        var health = new Command(
            "health",
            "Ask the hub instance whether it is serving (the standard gRPC health check load balancers use). "
            + $"Exits {ExitCodes.Success} when SERVING, {ExitCodes.VerificationFailed} otherwise.");
        health.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var response = await new Health.HealthClient(context.Hub.CallInvoker)
                .CheckAsync(new HealthCheckRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(response);
            }
            else
            {
                context.Console.WriteLine(Describe(response.Status));
            }

            return response.Status == ServingStatus.Serving ? ExitCodes.Success : ExitCodes.VerificationFailed;
        }));
        return health;
    }

    private static string Describe(ServingStatus status) => status switch
    {
        ServingStatus.Serving => "SERVING",
        ServingStatus.NotServing =>
            "NOT_SERVING: this instance refuses calls (its exchange log cannot be written and its queue is full, or it has not read the access grants yet); see its log",
        _ => status.ToString().ToUpperInvariant(),
    };
}
