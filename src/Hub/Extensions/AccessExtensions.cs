using Interop.Hub.Access;
using Interop.Hub.Agencies;
using Interop.Hub.ExchangeLog;
using Interop.Hub.Options;
using Interop.Hub.Services;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Interop.Hub.Extensions;

public static class AccessExtensions
{
    /// <summary>
    /// Access rights: grants kept in the hub's database (memory in the sandbox), enforced on every call by
    /// <see cref="Interceptors.AccessInterceptor"/> from an in-memory snapshot, managed through the AccessAdmin service.
    /// </summary>
    public static WebApplicationBuilder AddAccessRights(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccessOptions>()
            .BindConfiguration(AccessOptions.Section)
            .PostConfigure<IOptions<AgencyBackendOptions>>((access, backends) => access.SandboxGrants ??= backends.Value.IsSandbox)
            .Validate<IOptions<DirectoryOptions>>(
                (access, directory) => directory.Value.Agencies.Any(a => a.Code == access.OperatorAgency),
                "Access:OperatorAgency (default HUB) must be one of the agencies in Directory:Agencies.")
            .Validate(
                access => access.EffectivePurposes.All(p => System.Text.RegularExpressions.Regex.IsMatch(p, "^[A-Z][A-Z0-9_]{1,62}[A-Z0-9]$")),
                "Access:Purposes must be codes of 3-64 of A-Z, 0-9 and '_', e.g. WORK_PERMIT_APPLICATION.")
            .Validate(
                access => access.ReloadInterval > TimeSpan.Zero && access.ReloadInterval <= TimeSpan.FromSeconds(1),
                "Access:ReloadInterval must be more than 0 and at most 1 second: grant changes must take effect within a second.")
            .ValidateOnStart();
        services.AddOptions<LimitsOptions>()
            .BindConfiguration(LimitsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<GrantableMethods>();
        services.AddSingleton<AccessRules>();
        services.AddSingleton<GrantRateLimiters>();
        services.AddSingleton<Interceptors.AccessInterceptor>();
        services.AddSingleton<IGrantStore>(sp => sp.GetRequiredService<IOptions<ExchangeLogOptions>>().Value.UsesDatabase
            ? new PostgresGrantStore(sp.GetRequiredKeyedService<NpgsqlDataSource>(ExchangeLogExtensions.DataSourceKey))
            : new InMemoryGrantStore(sp.GetRequiredService<AccessRules>()));
        services.AddHostedService<AccessGrantsLoader>();
        services.AddHealthChecks().AddCheck<AccessGrantsHealthCheck>(AccessGrantsHealthCheck.Name);
        return builder;
    }

    public static WebApplication MapAccessAdmin(this WebApplication app)
    {
        app.MapGrpcService<AccessAdminService>();
        return app;
    }
}
