using Interop.Adapters.CommercialRegistry;
using Interop.Adapters.Labour;
using Interop.Adapters.SocialSecurity;
using Interop.Hub.Caching;
using Interop.Hub.Options;
using Interop.Ports;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Interop.Hub.Extensions;

public static class CachingExtensions
{
    /// <summary>
    /// The key under which each port's own backend stays registered once the cache wraps it; tests register a
    /// keyed service under it to stand between the cache and the agency (e.g. to count the agency's calls).
    /// </summary>
    public const string AgencyBackendKey = "agency-backend";

    /// <summary>
    /// The two-level cache in front of the agency ports: decorates the IEmployerRegistry, IContributionStanding and
    /// IWorkPermits singletons that AddAgencyBackends registered, and follows each agency's change feed to evict.
    /// </summary>
    public static WebApplicationBuilder AddHubCache(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CacheOptions>, CacheOptionsValidator>();
        services.AddMetrics();
        services.AddSingleton<CacheMetrics>();
        services.AddSingleton<SecondLevelCache>();
        services.AddSingleton(sp => new SharedTokenBuckets(
            sp.GetRequiredService<SecondLevelCache>(), $"{sp.GetRequiredService<IOptions<CacheOptions>>().Value.KeyPrefix}:rate:"));
        services.AddSingleton<HubCache>();
        services.AddHostedService<ChangeFeedFollower>();
        services.AddHealthChecks().AddCheck<CacheHealthCheck>(CacheHealthCheck.Name);

        AddChangeFeed(services, AgencyCodes.CommercialRegistry, ds => new CommercialRegistryChangeFeed(ds));
        AddChangeFeed(services, AgencyCodes.SocialSecurityFund, ds => new SocialSecurityChangeFeed(ds));
        AddChangeFeed(services, AgencyCodes.MinistryOfLabour, ds => new LabourChangeFeed(ds));

        Decorate<IEmployerRegistry>(services, (sp, inner) => new CachedEmployerRegistry(inner, sp.GetRequiredService<HubCache>()));
        Decorate<IContributionStanding>(services, (sp, inner) => new CachedContributionStanding(inner, sp.GetRequiredService<HubCache>()));
        Decorate<IWorkPermits>(services, (sp, inner) => new CachedWorkPermits(inner, sp.GetRequiredService<HubCache>()));
        return builder;
    }

    /// <summary>In-memory registries never change; the agencies' databases announce their changes.</summary>
    private static void AddChangeFeed(IServiceCollection services, string agencyCode, Func<NpgsqlDataSource, IChangeFeed> live) =>
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AgencyBackendOptions>>().Value.IsSandbox
            ? new UnchangingChangeFeed(agencyCode)
            : live(sp.GetRequiredKeyedService<NpgsqlDataSource>(agencyCode)));

    /// <summary>Moves the service's registration under <see cref="AgencyBackendKey"/> and registers the decorator in its place.</summary>
    private static void Decorate<TService>(IServiceCollection services, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(TService) && !d.IsKeyedService)
            ?? throw new InvalidOperationException($"AddHubCache must come after the registration of {typeof(TService).Name}.");
        services.Remove(original);
        services.Add(original switch
        {
            { ImplementationInstance: TService instance } => ServiceDescriptor.KeyedSingleton(AgencyBackendKey, instance),
            { ImplementationFactory: { } factory } => ServiceDescriptor.KeyedSingleton<TService>(AgencyBackendKey, (sp, _) => (TService)factory(sp)),
            _ => ServiceDescriptor.KeyedSingleton(typeof(TService), AgencyBackendKey, original.ImplementationType!),
        });
        services.AddSingleton(sp => decorate(sp, sp.GetRequiredKeyedService<TService>(AgencyBackendKey)));
    }
}
