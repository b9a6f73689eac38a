using Interop.Hub.Options;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Tests;

public sealed class AgencyBackendOptionsValidatorTests
{
    private readonly AgencyBackendOptionsValidator _validator = new();

    [Fact]
    public void No_connection_string_means_sandbox() =>
        Assert.True(new AgencyBackendOptions().IsSandbox);

    [Fact]
    public void Live_mode_names_every_missing_connection_string()
    {
        var options = new AgencyBackendOptions { CommercialRegistry = new() { ConnectionString = "Host=db" } };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("Agencies:SocialSecurityFund:ConnectionString", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Agencies__MinistryOfLabour__ConnectionString", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_mode_is_refused() =>
        Assert.True(_validator.Validate(null, new AgencyBackendOptions { Mode = "Production" }).Failed);

    [Fact]
    public async Task The_hub_refuses_to_serve_live_agencies_without_a_durable_exchange_log()
    {
        await using var hub = new HubHost(new Dictionary<string, string?>
        {
            ["Agencies:CommercialRegistry:ConnectionString"] = "Host=db1",
            ["Agencies:SocialSecurityFund:ConnectionString"] = "Host=db2",
            ["Agencies:MinistryOfLabour:ConnectionString"] = "Host=db3",
        });

        var error = Assert.Throws<AggregateException>(() => hub.Server);

        Assert.Contains("ExchangeLog:ConnectionString is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hub_refuses_to_start_with_half_a_configuration()
    {
        await using var hub = new HubHost(new Dictionary<string, string?> { ["Agencies:Mode"] = "Live" });

        var error = Assert.Throws<AggregateException>(() => hub.Server);

        Assert.Contains("Agencies:CommercialRegistry:ConnectionString is not set", error.Message, StringComparison.Ordinal);
    }
}
