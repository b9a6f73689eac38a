using Grpc.Net.ClientFactory;
using Interop.Client;
using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Permits.V1;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using AccessAdminClient = Interop.Hub.V1.AccessAdmin.AccessAdminClient;
using CacheAdminClient = Interop.Hub.V1.CacheAdmin.CacheAdminClient;
using DirectoryClient = Interop.Hub.V1.Directory.DirectoryClient;
using ExchangeLogClient = Interop.Hub.V1.ExchangeLog.ExchangeLogClient;

namespace Microsoft.Extensions.DependencyInjection;

public static class InteropClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers every generated client of the hub's services (<see cref="EmployerRegistry.EmployerRegistryClient"/>,
    /// <see cref="ContributionStanding.ContributionStandingClient"/>, <see cref="ClearanceCertificates.ClearanceCertificatesClient"/>,
    /// <see cref="WorkPermits.WorkPermitsClient"/>, <see cref="DirectoryClient"/>, <see cref="ExchangeLogClient"/>,
    /// <see cref="AccessAdminClient"/>, <see cref="CacheAdminClient"/>) through the gRPC client factory, each with the caller
    /// identity, purpose, case reference, the default deadline and the UNAVAILABLE retry policy of <see cref="InteropClientOptions"/>.
    /// </summary>
    public static IServiceCollection AddInteropClients(this IServiceCollection services, Action<InteropClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<InteropClientOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InteropClientOptions>, InteropClientOptionsValidator>());

        AddClient<EmployerRegistry.EmployerRegistryClient>(services);
        AddClient<ContributionStanding.ContributionStandingClient>(services);
        AddClient<ClearanceCertificates.ClearanceCertificatesClient>(services);
        AddClient<WorkPermits.WorkPermitsClient>(services);
        AddClient<DirectoryClient>(services);
        AddClient<ExchangeLogClient>(services);
        AddClient<AccessAdminClient>(services);
        AddClient<CacheAdminClient>(services);
        return services;
    }

    private static void AddClient<TClient>(IServiceCollection services)
        where TClient : class =>
        services
            .AddGrpcClient<TClient>((provider, factoryOptions) => factoryOptions.Address = Options(provider).Address)
            .ConfigureChannel((provider, channelOptions) => InteropServiceConfig.Apply(Options(provider), channelOptions))
            .ConfigurePrimaryHttpMessageHandler((handler, provider) => InteropTls.Apply(handler, Options(provider)))
            .AddInterceptor(InterceptorScope.Channel, provider => new InteropCallInterceptor(
                Options(provider), provider.GetService<TimeProvider>()));

    private static InteropClientOptions Options(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<InteropClientOptions>>().Value;
}
