using Interop.Hub.Certificates;
using Interop.Hub.Options;
using Interop.Testing;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Tests.Certificates;

public sealed class CertificateOptionsValidatorTests : IDisposable
{
    private static readonly Dictionary<string, TimeSpan> _validity = new() { ["PUBLIC_PROCUREMENT"] = TimeSpan.FromDays(90) };

    private readonly string _keys = System.IO.Directory.CreateTempSubdirectory("interop-issuer-keys-").FullName;

    [Fact]
    public void The_sandbox_needs_no_key_but_live_mode_says_which_to_set()
    {
        var options = new CertificateOptions { Validity = _validity };

        Assert.True(Validator(sandbox: true).Validate(null, options).Succeeded);
        var live = Validator(sandbox: false).Validate(null, options);
        Assert.True(live.Failed);
        Assert.Contains("Certificates__Keys__0__PemPath", live.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_need_exactly_one_active_a_readable_pem_and_a_private_part_to_sign()
    {
        var key = TestKeys.WriteP256Pem(_keys, "a");
        var publicOnly = Path.Combine(_keys, "public.pem");
        using (var ecdsa = System.Security.Cryptography.ECDsa.Create())
        {
            ecdsa.ImportFromPem(File.ReadAllText(key));
            File.WriteAllText(publicOnly, ecdsa.ExportSubjectPublicKeyInfoPem());
        }

        Assert.True(Validate(new IssuerKeyOptions { KeyId = "a", PemPath = key }, new() { KeyId = "b", PemPath = publicOnly, Status = IssuerKeyStatus.Retired }).Succeeded);
        Assert.Contains("exactly one", Validate(new IssuerKeyOptions { KeyId = "a", PemPath = key, Status = IssuerKeyStatus.Retired }).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("PEM private key", Validate(new IssuerKeyOptions { KeyId = "b", PemPath = publicOnly }).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("cannot read", Validate(new IssuerKeyOptions { KeyId = "c", PemPath = Path.Combine(_keys, "missing.pem") }).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Purposes_validity_and_the_public_address_are_checked()
    {
        var result = Validator(sandbox: true).Validate(null, new CertificateOptions
        {
            Validity = new() { ["holiday"] = TimeSpan.FromDays(90), ["PUBLIC_PROCUREMENT"] = TimeSpan.Zero },
            PublicBaseUrl = "javascript:alert(1)",
        });

        Assert.Equal(3, result.Failures!.Count());
    }

    public void Dispose() => System.IO.Directory.Delete(_keys, recursive: true);

    private static CertificateOptionsValidator Validator(bool sandbox) => new(Microsoft.Extensions.Options.Options.Create(
        sandbox ? new AgencyBackendOptions() : new AgencyBackendOptions { Mode = "Live" }));

    private static ValidateOptionsResult Validate(params IssuerKeyOptions[] keys) =>
        Validator(sandbox: true).Validate(null, new CertificateOptions { Validity = _validity, Keys = [.. keys] });
}
