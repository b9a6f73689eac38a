using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Interop.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Hub.Tests;

/// <summary>The real hub, hosted in-process (TestServer), with settings and optional service overrides.</summary>
public sealed class HubHost(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? overrides = null)
    : WebApplicationFactory<Program>
{
    public const string Caller = "MOL/permits-backoffice";

    /// <summary>The case reference test calls declare unless told otherwise.</summary>
    public const string CaseReference = SandboxPurposes.CaseReference;

    /// <summary>Omit a header: pass it as the purpose or case reference of <see cref="Invoker"/>.</summary>
    public const string None = "";

    /// <summary>A small sandbox, so tests start fast.</summary>
    public static HubHost Sandbox(Action<IServiceCollection>? overrides = null) => Sandbox([], overrides);

    /// <summary>A small sandbox with more settings.</summary>
    public static HubHost Sandbox(IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? overrides = null) => new(
        new Dictionary<string, string?>(SmallSandbox.Concat(settings)),
        overrides);

    /// <summary>The records a <see cref="Sandbox(Action{IServiceCollection}?)"/> hub serves, from the same generator.</summary>
    public static Seeding.Population SandboxPopulation() => new(Seeding.SeedOptions.Sandbox with
    {
        Employers = 300,
        InsuredWorkers = 3000,
        Permits = 600,
        ReferenceDate = Seeding.SeedOptions.FirstOfMonth(DateTime.UtcNow),
    });

    /// <summary>The sandbox's size in tests: small, so hubs start fast.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> SmallSandbox =>
    [
        new("Sandbox:Employers", "300"),
        new("Sandbox:InsuredWorkers", "3000"),
        new("Sandbox:Permits", "600"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // Deny by default holds in tests too; the sandbox's grants, in Live mode as well, make the agencies' usual calls work.
        builder.UseSetting("Access:SandboxGrants", "true");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (overrides is not null)
        {
            builder.ConfigureServices(overrides);
        }
    }

    /// <summary>
    /// A call invoker over the in-process server that sends <paramref name="caller"/> as identity (none when null), the
    /// purpose (by default the one the sandbox grants the caller's agency, see <see cref="SandboxPurposes.Of"/>) and the case
    /// reference; <see cref="None"/> omits either. Headers a call sets itself are sent as they are.
    /// </summary>
    public CallInvoker Invoker(string? caller = Caller, string? purpose = null, string caseReference = CaseReference)
    {
        var handler = new ResponseVersionHandler { InnerHandler = Server.CreateHandler() };
        var invoker = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = handler }).CreateCallInvoker();
        purpose ??= caller is null ? None : SandboxPurposes.Of(caller);
        return invoker.Intercept(headers =>
        {
            Add(headers, "x-interop-caller", caller ?? None);
            Add(headers, "x-interop-purpose", purpose);
            Add(headers, "x-interop-case", caseReference);
            return headers;
        });
    }

    /// <summary>What the standard gRPC health service tells a load balancer about the whole instance (service "").</summary>
    public async Task<Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus> ServingStatusAsync() =>
        (await new Grpc.Health.V1.Health.HealthClient(Invoker(caller: null)).CheckAsync(new Grpc.Health.V1.HealthCheckRequest())).Status;

    /// <summary>One named health check's result, with the description an operator reads.</summary>
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthReportEntry> HealthAsync(string check) =>
        (await Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>()
            .CheckHealthAsync(registration => registration.Name == check)).Entries[check];

    private static void Add(Metadata headers, string name, string value)
    {
        if (value.Length > 0 && headers.Get(name) is null)
        {
            headers.Add(name, value);
        }
    }

    /// <summary>TestServer answers HTTP/1.1 by default; gRPC needs the response to say HTTP/2.</summary>
    private sealed class ResponseVersionHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            response.Version = request.Version;
            return response;
        }
    }
}
