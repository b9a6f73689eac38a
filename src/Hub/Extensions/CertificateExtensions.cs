using Interop.Hub.Certificates;
using Interop.Hub.Web;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Interop.Hub.Extensions;

public static class CertificateExtensions
{
    /// <summary>
    /// Clearance certificates: options (validity per purpose, issuer keys), the register (the hub's PostgreSQL database
    /// when the exchange log uses one, else memory), the verifier and the public pages' rate limit.
    /// </summary>
    public static WebApplicationBuilder AddClearanceCertificates(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CertificateOptions>().BindConfiguration(CertificateOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CertificateOptions>, CertificateOptionsValidator>();
        services.AddSingleton<IssuerKeyRing>();
        services.AddSingleton<CertificateVerifier>();
        services.AddSingleton<LookupLimiter>();
        services.AddSingleton<ICertificateStore>(sp =>
            sp.GetRequiredService<IOptions<Hub.ExchangeLog.ExchangeLogOptions>>().Value.UsesDatabase
                ? new PostgresCertificateStore(sp.GetRequiredKeyedService<NpgsqlDataSource>(ExchangeLogExtensions.DataSourceKey))
                : new InMemoryCertificateStore());
        services.AddCertificatePages();
        return builder;
    }

    public static WebApplication MapClearanceCertificates(this WebApplication app)
    {
        app.MapGrpcService<Services.ClearanceCertificatesService>();
        app.MapCertificatePages();
        return app;
    }
}
