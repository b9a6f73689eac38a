using Grpc.AspNetCore.Server;
using Interop.Hub.Access;
using Interop.Hub.Agencies;
using Interop.Hub.Interceptors;
using Interop.Hub.Services;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Extensions;

public static class HubBuilderExtensions
{
    public static WebApplicationBuilder AddInteropHub(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        // Registered, the interceptors are shared; unregistered, gRPC would build each one anew for every call.
        services.AddSingleton<ExchangeInterceptor>();
        services.AddSingleton<ErrorMappingInterceptor>();
        services.AddSingleton<CallerIdentityInterceptor>();
        services.AddSingleton<CallPipelineInterceptor>();

        services.AddGrpc(options =>
        {
            // One registered interceptor that runs the others in order (see CallPipelineInterceptor).
            options.Interceptors.Add<CallPipelineInterceptor>();
            options.EnableDetailedErrors = false;
        });
        // Shared like the interceptors: they hold nothing per call, and gRPC would otherwise build each per call.
        services.AddSingleton<EmployerRegistryService>();
        services.AddSingleton<ContributionStandingService>();
        services.AddSingleton<WorkPermitsService>();
        services.AddSingleton<DirectoryService>();
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<LimitsOptions>>((grpc, limits) =>
        {
            grpc.MaxReceiveMessageSize = limits.Value.MaxReceiveMessageBytes;
            grpc.MaxSendMessageSize = limits.Value.MaxSendMessageBytes;
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks();

        services.AddOptions<DirectoryOptions>()
            .BindConfiguration(DirectoryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<AgencyDirectory>();
        services.AddSingleton<AgencyTimeLimit>();
        services.AddSingleton<AgencyGateway>();
        services.AddSingleton<ProvenanceStamp>();

        builder.AddCallerIdentity();
        builder.AddAgencyBackends();
        builder.AddHubCache();
        builder.AddExchangeLog();
        builder.AddClearanceCertificates();
        builder.AddTelemetry();
        builder.AddAccessRights();
        return builder;
    }

    public static WebApplication MapInteropHub(this WebApplication app)
    {
        app.UseExchangeLog();
        app.MapGrpcService<EmployerRegistryService>();
        app.MapGrpcService<ContributionStandingService>();
        app.MapGrpcService<WorkPermitsService>();
        app.MapGrpcService<DirectoryService>();
        app.MapGrpcService<CacheAdminService>();
        app.MapClearanceCertificates();
        app.MapAccessAdmin();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        return app;
    }
}
