using System.Security.Authentication;
using Interop.Hub.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Extensions;

public static class IdentityExtensions
{
    /// <summary>
    /// Who is calling, by <c>Identity:Mode</c>: the x-interop-caller header (Header, the default: sandbox and
    /// development) or the TLS client certificate (MutualTls: production). In MutualTls mode every HTTPS endpoint
    /// asks for a client certificate and refuses, during the handshake, any that the hub's authorities did not
    /// issue, that is out of date or revoked. A connection without one is answered UNAUTHENTICATED per call
    /// rather than cut, so that the integrator reads why.
    /// </summary>
    public static WebApplicationBuilder AddCallerIdentity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdentityOptions>, IdentityOptionsValidator>();
        services.AddSingleton<HeaderCallerIdentityResolver>();
        services.AddSingleton<ClientCertificateValidator>();
        services.AddSingleton<CertificateCallerIdentityResolver>();
        services.AddSingleton<ICallerIdentityResolver>(sp => IsMutualTls(sp)
            ? sp.GetRequiredService<CertificateCallerIdentityResolver>()
            : sp.GetRequiredService<HeaderCallerIdentityResolver>());
        services.AddHostedService<IdentityModeAnnouncement>();

        // Decided when Kestrel binds, from the options, so that settings given to the host in any way count.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            if (!IsMutualTls(kestrel.ApplicationServices))
            {
                return;
            }

            var validator = kestrel.ApplicationServices.GetRequiredService<ClientCertificateValidator>();
            https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.ClientCertificateValidation = validator.ValidateHandshake;
        }));
        return builder;
    }

    private static bool IsMutualTls(IServiceProvider services) =>
        services.GetRequiredService<IOptions<IdentityOptions>>().Value.Mode == CallerIdentityMode.MutualTls;
}
