using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Interop.Certificates;
using Interop.Contributions.V1;
using Interop.Hub.Certificates;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using QRCoder;

namespace Interop.Hub.Web;

/// <summary>
/// The public face of the certificates, served over HTTP/1.1 next to gRPC: the issuer's JWKS, the verification page a
/// clerk types a code into (or opens from the QR code) and the printable certificate. Every value is HTML-encoded.
/// </summary>
public static class CertificatePages
{
    public const string LookupPolicy = "certificate-lookups";

    private static readonly HtmlEncoder _html = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Style = """
        body { font-family: "DejaVu Sans", "Noto Sans", "Noto Naskh Arabic", Arial, sans-serif; margin: 2rem auto; max-width: 46rem; color: #1b1b1b; }
        header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #0b5394; }
        nav a { margin-inline-start: .8rem; }
        h1 { font-size: 1.5rem; }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
        th, td { text-align: start; padding: .35rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
        th { width: 40%; font-weight: 600; }
        .verdict { font-size: 1.6rem; font-weight: 700; padding: .8rem 1rem; border-radius: .4rem; margin: 1rem 0; }
        .VALID { background: #e6f4ea; color: #0d652d; } .EXPIRED, .REVOKED { background: #fef7e0; color: #8a4b00; }
        .UNKNOWN, .TAMPERED, .MISTYPED { background: #fce8e6; color: #a50e0e; }
        .code { font-family: "DejaVu Sans Mono", monospace; font-size: 1.4rem; letter-spacing: .1rem; direction: ltr; unicode-bidi: embed; }
        form input[name=code] { font-size: 1.2rem; width: 22rem; max-width: 100%; direction: ltr; }
        .qr { text-align: center; } .qr img { width: 14rem; height: 14rem; image-rendering: pixelated; }
        .ltr { direction: ltr; unicode-bidi: embed; }
        @media print { nav, form, .no-print { display: none; } body { margin: 0; max-width: none; } .verdict { border: 1px solid #888; } }
        @page { size: A4; margin: 18mm; }
        """;

    /// <summary>Lookups from one client address per minute, as configured; opening the empty form costs nothing.</summary>
    public static IServiceCollection AddCertificatePages(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersSettings>().BindConfiguration(ForwardedHeadersSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>, ForwardedHeadersSettingsValidator>();
        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(LookupPolicy, context =>
                !context.Request.Query.ContainsKey("code") && !context.Request.Query.ContainsKey("token")
                    ? RateLimitPartition.GetNoLimiter("form")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = context.RequestServices.GetRequiredService<IOptions<CertificateOptions>>().Value.PageLookupsPerMinute,
                            Window = TimeSpan.FromMinutes(1),
                            QueueLimit = 0,
                        }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                var text = PageText.For(http.Request);
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = "60";
                await WriteAsync(http, Page(text, text.VerifyTitle, http.Request, $"""<p class="verdict MISTYPED" id="verdict" data-verdict="RATE_LIMITED">{H(text.TooMany)}</p>"""));
            };
        });
    }

    public static WebApplication MapCertificatePages(this WebApplication app)
    {
        // Behind configured proxies the limit applies to the client's own address, which only they can tell.
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value is { Configured: true } proxies)
        {
            var forwarded = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.KnownProxies)
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseRateLimiter();
        app.MapGet(CertificateLinks.JwksPath, (IssuerKeyRing keys) => Results.Text(keys.Jwks, "application/jwk-set+json"));
        app.MapGet(CertificateLinks.VerifyPath, VerifyAsync).RequireRateLimiting(LookupPolicy);
        app.MapGet(CertificateLinks.PrintPath, PrintAsync).RequireRateLimiting(LookupPolicy);
        return app;
    }

    private static async Task VerifyAsync(HttpContext http, CertificateVerifier verifier)
    {
        var text = PageText.For(http.Request);
        var typed = http.Request.Query["code"].ToString();
        var token = http.Request.Query["token"].ToString();
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <form method="get" action="{CertificateLinks.VerifyPath}">
              <input type="hidden" name="lang" value="{H(text.Code)}">
              <label for="code">{H(text.EnterCode)}</label><br>
              <input id="code" name="code" autocomplete="off" spellcheck="false" value="{H(typed)}" placeholder="XXXX-XXXX-XXXX-XXXX-XXXX">
              <button id="check" type="submit">{H(text.Check)}</button>
            </form>
            """);

        if (typed.Length > 0 || token.Length > 0)
        {
            var (verdict, certificate) = await JudgeAsync(verifier, typed, token, http.RequestAborted);
            body.Append(CultureInfo.InvariantCulture, $"""<p class="verdict {verdict}" id="verdict" data-verdict="{verdict}">{H(VerdictText(text, verdict))}</p>""");
            if (certificate is not null)
            {
                body.Append(Essentials(text, certificate, full: false));
            }
        }

        await WriteAsync(http, Page(text, text.VerifyTitle, http.Request, body.ToString()));
    }

    private static async Task PrintAsync(HttpContext http, CertificateVerifier verifier, ICertificateStore store, IOptions<CertificateOptions> options)
    {
        var text = PageText.For(http.Request);
        var certificate = VerificationCode.TryNormalize(http.Request.Query["code"].ToString(), out var code)
            ? await store.FindByCodeAsync(code, http.RequestAborted)
            : null;
        if (certificate is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await WriteAsync(http, Page(text, text.CertificateTitle, http.Request, $"""<p class="verdict UNKNOWN" id="verdict" data-verdict="UNKNOWN">{H(text.Unknown)}</p>"""));
            return;
        }

        var verdict = verifier.Judge(certificate).Verdict.ToString().ToUpperInvariant();
        var baseUrl = options.Value.PublicBaseUrl.Length > 0 ? options.Value.PublicBaseUrl : $"{http.Request.Scheme}://{http.Request.Host}";
        var link = CertificateLinks.Verification(baseUrl, certificate.VerificationCode);
        var qr = Convert.ToBase64String(QrPng(CertificateLinks.VerificationWithToken(baseUrl, certificate.VerificationCode, certificate.Token)));
        var body = $"""
            <p>{H(text.Attestation)}</p>
            {(verdict == "VALID" ? "" : $"""<p class="verdict {verdict}" id="verdict" data-verdict="{verdict}">{H(VerdictText(text, verdict))}</p>""")}
            {Essentials(text, certificate, full: true)}
            <p>{H(text.VerificationCode)}: <span class="code" id="certificate-code">{H(certificate.VerificationCode)}</span></p>
            <div class="qr"><img alt="QR" src="data:image/png;base64,{qr}"></div>
            <p>{H(text.VerifyAt)} <span class="ltr">{H(link)}</span></p>
            <p class="no-print"><button onclick="window.print()">{H(text.Print)}</button></p>
            """;
        await WriteAsync(http, Page(text, text.CertificateTitle, http.Request, body));
    }

    /// <summary>A token is judged by its signature; a code typed next to it must be the token's own.</summary>
    private static async Task<(string Verdict, Certificate? Certificate)> JudgeAsync(
        CertificateVerifier verifier, string typed, string token, CancellationToken cancellationToken)
    {
        Verification verification;
        if (token.Length > 0)
        {
            verification = token.Length > 8192
                ? new Verification(VerificationVerdict.Tampered, null)
                : await verifier.ByTokenAsync(token, cancellationToken);
            if (typed.Length > 0 && verification.Certificate is { } signed
                && !(VerificationCode.TryNormalize(typed, out var code) && code == signed.VerificationCode))
            {
                verification = new Verification(VerificationVerdict.Tampered, null);
            }
        }
        else if (VerificationCode.TryNormalize(typed, out var code))
        {
            verification = await verifier.ByCodeAsync(code, cancellationToken);
        }
        else
        {
            return ("MISTYPED", null);
        }

        return (verification.Verdict.ToString().ToUpperInvariant(), verification.Certificate);
    }

    private static string VerdictText(PageText text, string verdict) => verdict switch
    {
        "VALID" => text.Valid,
        "EXPIRED" => text.Expired,
        "REVOKED" => text.Revoked,
        "UNKNOWN" => text.Unknown,
        "TAMPERED" => text.Tampered,
        _ => text.Mistyped,
    };

    /// <summary>What a counter needs to match the paper; the printed certificate adds the fund's numbers.</summary>
    private static string Essentials(PageText text, Certificate certificate, bool full)
    {
        var rows = new List<(string Label, string Value, string Id)>
        {
            (text.LegalName, certificate.LegalNameAr, "legal-name-ar"),
            (text.LegalName, certificate.LegalNameLatin, "legal-name-latin"),
            (text.RegistryNumber, certificate.RegistryNumber, "registry-number"),
            (text.Purpose, text.PurposeName(certificate.Purpose), "purpose"),
            (text.IssuedAt, Time(certificate.IssueTime.ToDateTimeOffset()), "issue-time"),
            (text.ValidUntil, Time(certificate.ExpireTime.ToDateTimeOffset()), "expire-time"),
        };
        if (full)
        {
            rows.Add((text.SocialSecurityNumber, certificate.SocialSecurityNumber, "social-security-number"));
            rows.Add((text.StandingAsOf, $"{certificate.StandingAsOf.Year:D4}-{certificate.StandingAsOf.Month:D2}-{certificate.StandingAsOf.Day:D2}", "standing-as-of"));
            if (certificate.LastPaidPeriod is { } paid)
            {
                rows.Add((text.LastPaidPeriod, $"{paid.Year:D4}-{paid.Month:D2}", "last-paid-period"));
            }
        }

        if (certificate.State == CertificateState.Revoked)
        {
            rows.Add((text.RevokedOn, Time(certificate.RevokeTime.ToDateTimeOffset()), "revoke-time"));
            rows.Add((text.Reason, certificate.RevocationReason, "revocation-reason"));
        }

        var table = new StringBuilder("<table>");
        foreach (var (label, value, id) in rows)
        {
            // bdi: a date or a Latin name keeps its own direction inside an Arabic page.
            table.Append(CultureInfo.InvariantCulture, $"""<tr><th>{H(label)}</th><td><bdi id="{id}">{H(value)}</bdi></td></tr>""");
        }

        return table.Append("</table>").ToString();
    }

    private static string Page(PageText text, string title, HttpRequest request, string body)
    {
        var links = new StringBuilder();
        foreach (var language in PageText.Languages.Values.OrderBy(l => l.Code, StringComparer.Ordinal))
        {
            var query = request.Query.Where(q => q.Key != "lang").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
                .Append($"lang={language.Code}");
            links.Append(CultureInfo.InvariantCulture, $"""<a id="lang-{language.Code}" lang="{language.Code}" href="{H(request.Path + "?" + string.Join("&", query))}">{H(language.LanguageName)}</a>""");
        }

        return $"""
            <!DOCTYPE html>
            <html lang="{text.Code}" dir="{text.Direction}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{H(title)}</title>
            <style>{Style}</style>
            </head>
            <body>
            <header><strong>{H(text.Fund)}</strong><nav>{links}</nav></header>
            <h1>{H(title)}</h1>
            {body}
            </body>
            </html>
            """;
    }

    private static async Task WriteAsync(HttpContext http, string html)
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        // Nothing on these pages needs a script from elsewhere, a frame or a form posted to another site.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(html, http.RequestAborted);
    }

    private static byte[] QrPng(string content)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.L);
        return new PngByteQRCode(data).GetGraphic(4);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string H(string value) => _html.Encode(value);
}
