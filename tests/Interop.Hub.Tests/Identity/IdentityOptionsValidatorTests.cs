using Interop.Hub.Identity;
using Microsoft.Extensions.Configuration;

namespace Interop.Hub.Tests.Identity;

public sealed class IdentityOptionsValidatorTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    [Fact]
    public void Header_mode_needs_nothing()
    {
        var result = Validate(new IdentityOptions(), ("Kestrel:Endpoints:Grpc:Url", "http://localhost:5080"));

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Mutual_tls_with_its_files_and_an_https_endpoint_is_valid()
    {
        var result = Validate(MutualTls(), ("Kestrel:Endpoints:Grpc:Url", "https://0.0.0.0:5443"));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Mutual_tls_refuses_a_plain_http_endpoint()
    {
        var result = Validate(
            MutualTls(), ("Kestrel:Endpoints:Grpc:Url", "https://0.0.0.0:5443"), ("Kestrel:Endpoints:Plain:Url", "http://0.0.0.0:5080"));

        Assert.Contains(result.Failures!, f => f.Contains("listen on http://0.0.0.0:5080", StringComparison.Ordinal));
    }

    [Fact]
    public void Mutual_tls_names_every_missing_setting()
    {
        var result = Validate(new IdentityOptions
        {
            Mode = CallerIdentityMode.MutualTls,
            RevocationListPath = "/nonexistent/ca.crl",
            Systems = { ["mol"] = ["Permits"] },
        });

        Assert.Contains(result.Failures!, f => f.Contains("Identity:TrustedCaPath", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("/nonexistent/ca.crl does not exist", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("needs an https endpoint", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("'mol' is not an agency code", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("'Permits' is not a system name", StringComparison.Ordinal));
    }

    public void Dispose() => File.Delete(_file);

    private IdentityOptions MutualTls() => new()
    {
        Mode = CallerIdentityMode.MutualTls,
        TrustedCaPath = _file,
        RevocationListPath = _file,
        Systems = { ["MOL"] = ["permits-backoffice"] },
    };

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(IdentityOptions options, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        return new IdentityOptionsValidator(configuration).Validate(null, options);
    }
}
