using Interop.Hub.Options;
using Interop.Permits.V1;
using Interop.Ports;
using Interop.Seeding;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Interop.Hub.Sandbox;

/// <summary>Says loudly that this is a sandbox, and how to call it, once the server listens; in Live mode, which databases it serves.</summary>
public sealed partial class SandboxBanner(
    IServiceProvider services,
    IOptions<AgencyBackendOptions> backends,
    IOptions<SandboxOptions> options,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<SandboxBanner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!backends.Value.IsSandbox)
        {
            foreach (var (key, connection) in backends.Value.AllConnections)
            {
                var target = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
                LogLiveAgency(logger, key, target.Host ?? "?", target.Port, target.Database ?? "?");
            }

            return;
        }

        // Generating the world before the first call makes that call fast and shows generation errors at start.
        var world = services.GetRequiredService<SandboxWorld>();
        var permits = services.GetRequiredService<IWorkPermits>();
        var started = TaskCompletionSourceFor(lifetime.ApplicationStarted);
        await Task.WhenAny(started, Task.Delay(Timeout.Infinite, stoppingToken));
        if (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var established = world.Population.Options.ReferenceDate.AddYears(-3);
        var good = world.FirstEmployer(e => e is { Lifecycle: EmployerLifecycle.Active, Contributions: ContributionBehaviour.Good }
            && e.RegistrationDate < established);
        var arrears = world.FirstEmployer(e => e.Contributions == ContributionBehaviour.Arrears);
        var notRegistered = world.FirstEmployer(e => e.Contributions == ContributionBehaviour.NotRegistered);
        var firstPermit = world.Labour.Permis.FirstOrDefault();
        var permit = firstPermit is null
            ? null
            : (await permits.GetPermitAsync(firstPermit.NumeroPermis, stoppingToken))?.Record;

        var sandbox = options.Value;
        LogBanner(
            logger,
            sandbox.Employers,
            sandbox.InsuredWorkers,
            sandbox.Permits,
            sandbox.Seed,
            string.Join(", ", addresses),
            good?.RegistryNumber ?? "-",
            arrears?.RegistryNumber ?? "-",
            notRegistered?.RegistryNumber ?? "-",
            permit?.PermitNumber ?? "-",
            permit is null ? "-" : Describe(permit.Worker.TravelDocument));
    }

    private static string Describe(TravelDocument document) =>
        $"{document.Type.ToString().ToUpperInvariant()} {document.Number} {document.Nationality}";

    private static Task TaskCompletionSourceFor(CancellationToken token)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => completion.TrySetResult());
        return completion.Task;
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Live mode: {Key} -> PostgreSQL {Host}:{Port}/{Database}")]
    private static partial void LogLiveAgency(ILogger logger, string key, string host, int port, string database);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = """

        ==================== INTEROP HUB SANDBOX ====================
        SANDBOX: synthetic agencies generated in memory ({Employers} employers, {Workers} insured workers, {Permits} permits, seed {Seed}).
        Plain HTTP/2 without TLS; the caller identity is taken on trust from the 'x-interop-caller' header. For local development only.
        Deny by default: the sandbox's grants (src/Hub/Access/SandboxGrants.cs) are loaded; every call to an agency declares a purpose and a case.
        Listening on: {Addresses}
        Try:
          dotnet run --project src/Clients/Interop.Cli -- --caller MOL/permits-backoffice --purpose WORK_PERMIT_APPLICATION --case WP-2026-000123 employers get {GoodEmployer}
          grpcurl -plaintext -H 'x-interop-caller: MOL/permits-backoffice' -H 'x-interop-purpose: WORK_PERMIT_APPLICATION' -H 'x-interop-case: WP-2026-000123' -d '{{"name":"employers/{GoodEmployer}"}}' localhost:5080 interop.employers.v1.EmployerRegistry/GetEmployer
        Sample ids: good standing {GoodEmployer}; in arrears {ArrearsEmployer}; not registered with the fund {NotRegisteredEmployer}; permit {Permit}; worker {Worker}
        =============================================================
        """)]
    private static partial void LogBanner(
        ILogger logger,
        int employers,
        int workers,
        int permits,
        int seed,
        string addresses,
        string goodEmployer,
        string arrearsEmployer,
        string notRegisteredEmployer,
        string permit,
        string worker);
}
