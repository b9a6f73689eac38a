using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Seeding;

namespace Interop.Hub.Tests;

/// <summary>With no agency configuration the hub serves the generator's synthetic registries from memory.</summary>
public sealed class SandboxTests : IAsyncLifetime
{
    private readonly HubHost _hub = HubHost.Sandbox();

    private readonly Population _population = HubHost.SandboxPopulation();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task The_sandbox_serves_the_same_employers_the_generator_makes()
    {
        var client = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker());
        var expected = _population.Employer(42);

        var response = await client.GetEmployerAsync(new GetEmployerRequest { Name = $"employers/{expected.RegistryNumber}" });

        Assert.Equal(expected.LegalNameLatin, response.Employer.LegalNameLatin);
        Assert.Equal(expected.TaxId, response.Employer.TaxId);
    }

    [Fact]
    public async Task The_sandbox_computes_standings()
    {
        var client = new ContributionStanding.ContributionStandingClient(_hub.Invoker());
        var employer = _population.Employers().First(e => e is { Lifecycle: EmployerLifecycle.Active, Contributions: ContributionBehaviour.Arrears });

        var response = await client.GetStandingAsync(new GetStandingRequest { Name = $"employers/{employer.RegistryNumber}/standing" });

        Assert.Equal(StandingStatus.Arrears, response.Standing.Status);
        Assert.Equal("SSF", response.Provenance.ProviderAgency);
    }

    /// <summary>
    /// Load balancers and probes have no agency identity: the standard health service answers them, the hub's own
    /// services still refuse a call without one. The log's check counts the queue an operator watches.
    /// </summary>
    [Fact]
    public async Task The_health_service_answers_a_probe_without_identity_and_reports_each_part()
    {
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, await _hub.ServingStatusAsync());
        var log = await _hub.HealthAsync(Interop.Hub.ExchangeLog.ExchangeLogHealthCheck.Name);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, log.Status);
        Assert.True(log.Data.ContainsKey("queue_depth"));
        var cache = await _hub.HealthAsync(Interop.Hub.Caching.CacheHealthCheck.Name);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, cache.Status);
        Assert.Contains("no Redis configured", cache.Description, StringComparison.Ordinal);

        var anonymous = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker(caller: null));
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(
            () => anonymous.GetEmployerAsync(new GetEmployerRequest { Name = $"employers/{_population.Employer(1).RegistryNumber}" }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.Unauthenticated, refused.StatusCode);
    }
}
