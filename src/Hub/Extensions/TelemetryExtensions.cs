using Interop.Hub.Caching;
using Interop.Hub.ExchangeLog;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Interop.Hub.Extensions;

public static class TelemetryExtensions
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Exports the hub's metrics (cache, exchange log, requests, runtime) and traces over OTLP to the collector that
    /// the standard OpenTelemetry settings name (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>,
    /// <c>OTEL_METRIC_EXPORT_INTERVAL</c>, <c>OTEL_SERVICE_NAME</c>, as environment variables or configuration).
    /// Nothing is collected without an endpoint: an instrument nobody listens to costs nothing per call.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointSetting]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "interop-hub"))
            .WithMetrics(metrics => metrics
                .AddMeter(CacheMetrics.MeterName, ExchangeLogMetrics.MeterName)
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Grpc.AspNetCore.Server")
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource("Npgsql"))
            .UseOtlpExporter();
        return builder;
    }
}
