using Interop.Adapters.CommercialRegistry;
using Interop.Adapters.Labour;
using Interop.Adapters.SocialSecurity;
using Interop.Hub.Options;
using Interop.Hub.Sandbox;
using Interop.Ports;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Interop.Hub.Extensions;

public static class AgencyBackendExtensions
{
    /// <summary>
    /// What stands behind each port, chosen from configuration when first needed: the agencies' PostgreSQL
    /// databases (Live) or synthetic in-memory registries (Sandbox, the default with no configuration).
    /// </summary>
    public static WebApplicationBuilder AddAgencyBackends(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AgencyBackendOptions>().BindConfiguration(AgencyBackendOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgencyBackendOptions>, AgencyBackendOptionsValidator>();
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SandboxWorld>();
        services.AddHostedService<SandboxBanner>();

        AddDataSource(services, AgencyCodes.CommercialRegistry, o => o.CommercialRegistry);
        AddDataSource(services, AgencyCodes.SocialSecurityFund, o => o.SocialSecurityFund);
        AddDataSource(services, AgencyCodes.MinistryOfLabour, o => o.MinistryOfLabour);

        services.AddSingleton<IEmployerRegistry>(sp => IsSandbox(sp)
            ? new InMemoryEmployerRegistry(sp.GetRequiredService<SandboxWorld>().CommercialRegistry)
            : new PostgresEmployerRegistry(DataSource(sp, AgencyCodes.CommercialRegistry)));
        services.AddSingleton<IContributionStanding>(sp => IsSandbox(sp)
            ? new InMemoryContributionStanding(sp.GetRequiredService<SandboxWorld>().SocialSecurity)
            : new PostgresContributionStanding(DataSource(sp, AgencyCodes.SocialSecurityFund)));
        services.AddSingleton<IWorkPermits>(sp => IsSandbox(sp)
            ? new InMemoryWorkPermits(sp.GetRequiredService<SandboxWorld>().Labour)
            : new PostgresWorkPermits(DataSource(sp, AgencyCodes.MinistryOfLabour)));
        return builder;
    }

    private static bool IsSandbox(IServiceProvider services) =>
        services.GetRequiredService<IOptions<AgencyBackendOptions>>().Value.IsSandbox;

    private static void AddDataSource(
        IServiceCollection services, string agencyCode, Func<AgencyBackendOptions, AgencyConnection> connection) =>
        services.AddKeyedSingleton(agencyCode, (sp, _) =>
            new NpgsqlDataSourceBuilder(connection(sp.GetRequiredService<IOptions<AgencyBackendOptions>>().Value).ConnectionString)
            {
                Name = $"agency-{agencyCode}",
            }.Build());

    private static NpgsqlDataSource DataSource(IServiceProvider services, string agencyCode) =>
        services.GetRequiredKeyedService<NpgsqlDataSource>(agencyCode);
}
