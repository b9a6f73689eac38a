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

        services.AddGrpc(options =>
        {
            // Order matters: the first is outermost. The exchange sees the status that error mapping
            // produced, including refusals by caller identification.
            options.Interceptors.Add<ExchangeInterceptor>();
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.Interceptors.Add<CallerIdentityInterceptor>();
            options.Interceptors.Add<AccessInterceptor>();
            options.EnableDetailedErrors = false;
        });
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
        app.MapClearanceCertificates();
        app.MapAccessAdmin();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        return app;
    }
}
