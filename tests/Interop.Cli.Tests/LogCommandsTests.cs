using Google.Protobuf;
using Interop.Hub.V1;

namespace Interop.Cli.Tests;

/// <summary><c>interop log</c> against the sandbox hub, whose exchange log is kept in memory.</summary>
public sealed class LogCommandsTests(CliSandbox sandbox) : IClassFixture<CliSandbox>
{
    [Fact]
    public async Task List_shows_the_callers_exchanges_and_get_shows_one_with_its_digests()
    {
        var employer = sandbox.Population.Employer(4).RegistryNumber;
        var lookup = await sandbox.RunAsCallerAsync("SSF/log-list", "employers", "get", employer, "--json");
        Assert.Equal(ExitCodes.Success, lookup.ExitCode);

        var listed = await ListUntilAsync("SSF/log-list", r => r.Exchanges.Any(e => e.SubjectIds.Contains(employer)), "--subject", employer);
        var exchange = Assert.Single(listed.Exchanges);
        Assert.Equal("SSF", exchange.CallerAgency);
        Assert.Equal("CR", exchange.ProviderAgency);
        Assert.Equal("/interop.employers.v1.EmployerRegistry/GetEmployer", exchange.Method);

        var table = await sandbox.RunAsCallerAsync("SSF/log-list", "log", "list", "--subject", employer);
        Assert.Equal(ExitCodes.Success, table.ExitCode);
        Assert.Contains(exchange.ExchangeId, table.Stdout, StringComparison.Ordinal);
        Assert.Contains("EmployerRegistry/GetEmployer", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 exchange", table.Stdout, StringComparison.Ordinal);

        var get = await sandbox.RunAsCallerAsync("SSF/log-list", "log", "get", exchange.ExchangeId);
        Assert.Equal(ExitCodes.Success, get.ExitCode);
        Assert.Contains($"exchanges/{exchange.ExchangeId}", get.Stdout, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(exchange.RequestSha256.Span), get.Stdout, StringComparison.Ordinal);
        Assert.Contains("SSF/log-list", get.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_agencys_exchange_is_not_found()
    {
        var employer = sandbox.Population.Employer(8).RegistryNumber;
        await sandbox.RunAsCallerAsync("GS/log-private", "employers", "get", employer);
        var listed = await ListUntilAsync("GS/log-private", r => r.Exchanges.Any(e => e.SubjectIds.Contains(employer)), "--subject", employer);
        var id = listed.Exchanges.Single().ExchangeId;

        var run = await sandbox.RunAsCallerAsync("MOL/log-private", "log", "get", $"exchanges/{id}");

        Assert.Equal(15, run.ExitCode);
        Assert.StartsWith("error: NOT_FOUND: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_follows_every_page()
    {
        for (var i = 0; i < 5; i++)
        {
            await sandbox.RunAsCallerAsync("GS/log-pages", "permits", "get", $"WP-2025-{i:D7}");
        }

        await ListUntilAsync("GS/log-pages", r => r.Exchanges.Count(e => e.CallerSystem == "log-pages") >= 5);

        var paged = await sandbox.RunAsCallerAsync("GS/log-pages", "log", "list", "--page-size", "2");
        var all = await sandbox.RunAsCallerAsync("GS/log-pages", "log", "list", "--page-size", "2", "--all", "--json");

        Assert.Contains("More exchanges: --page-token ", paged.Stdout, StringComparison.Ordinal);
        var response = JsonParser.Default.Parse<ListExchangesResponse>(all.Stdout);
        Assert.True(response.Exchanges.Count(e => e.CallerSystem == "log-pages") >= 5);
        Assert.Empty(response.NextPageToken);
    }

    [Fact]
    public async Task A_malformed_time_is_a_usage_error()
    {
        var run = await sandbox.RunAsync("log", "list", "--from", "yesterday");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'yesterday' is not a time", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_narrow_the_list()
    {
        var run = await sandbox.RunAsync("log", "list", "--from", "2001-01-01", "--to", "2001-01-02T00:00", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(JsonParser.Default.Parse<ListExchangesResponse>(run.Stdout).Exchanges);
    }

    [Fact]
    public void Bare_ids_become_resource_names() =>
        Assert.Equal("exchanges/0197a5c2-3f4e-7b6a-9c1d-2e3f4a5b6c7d", LogCommands.ExchangeName(" 0197a5c2-3f4e-7b6a-9c1d-2e3f4a5b6c7d "));

    /// <summary>The log is written off the request path: ask again until it shows what the test did.</summary>
    private async Task<ListExchangesResponse> ListUntilAsync(string caller, Func<ListExchangesResponse, bool> done, params string[] filters)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var run = await sandbox.RunAsCallerAsync(caller, ["log", "list", "--json", .. filters]);
            Assert.Equal(ExitCodes.Success, run.ExitCode);
            var response = JsonParser.Default.Parse<ListExchangesResponse>(run.Stdout);
            if (done(response) || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(50);
        }
    }
}
