using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Interop.Employers.V1;
using Interop.Seeding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Interop.Hub.Tests;

/// <summary>
/// With an OTLP endpoint configured the hub exports its metrics to it: a collector of the test's own (OTLP over
/// HTTP/protobuf) receives the cache's and the exchange log's instruments.
/// </summary>
/// <remarks>
/// Alone, not beside the other tests' hubs: OpenTelemetry listens to every meter of a name in the process, and when
/// another hub disposes its meter of the same name, the streams it shares with this hub's stop
/// (open-telemetry/opentelemetry-dotnet#6412). One hub per process, as in production, never meets that.
/// </remarks>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<byte[]> _metricExports = new();
    private WebApplication _collector = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Not the hub's appsettings.json beside the tests, whose Kestrel endpoints are the hub's own.
        builder.Configuration.Sources.Clear();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _collector = builder.Build();
        _collector.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _metricExports.Enqueue(body.ToArray());
            return Results.Bytes([], "application/x-protobuf");
        });
        _collector.MapPost("/v1/traces", () => Results.Bytes([], "application/x-protobuf"));
        await _collector.StartAsync();
    }

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Fact]
    public async Task The_cache_and_exchange_log_metrics_reach_the_configured_collector()
    {
        await using var hub = HubHost.Sandbox(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collector.Urls.Single(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        var employer = new Population(SeedOptions.Sandbox with { Employers = 300, InsuredWorkers = 3000, Permits = 600 }).Employer(7);
        var client = new EmployerRegistry.EmployerRegistryClient(hub.Invoker());
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string[] expected = ["interop.cache.hits", "interop.cache.misses", "interop.exchange_log.records_written"];
        string[] missing = expected;
        while (missing.Length > 0 && DateTime.UtcNow < deadline)
        {
            // Calls go on while waiting: the cache serves hits only once the agency's change feed is live, which on a
            // busy machine can come after the first calls.
            await client.GetEmployerAsync(new GetEmployerRequest { Name = $"employers/{employer.RegistryNumber}" });
            await Task.Delay(100);
            var exported = string.Join('\n', _metricExports.Select(Encoding.UTF8.GetString));
            missing = [.. expected.Where(name => !exported.Contains(name, StringComparison.Ordinal))];
        }

        Assert.True(missing.Length == 0, $"not exported within 15 s: {string.Join(", ", missing)} ({_metricExports.Count} exports received)");
    }

    [Fact]
    public void Without_an_endpoint_nothing_is_exported_and_no_meter_provider_runs()
    {
        using var hub = HubHost.Sandbox();
        _ = hub.Server;

        Assert.Null(hub.Services.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)));
    }
}

[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryTestsCollection;
