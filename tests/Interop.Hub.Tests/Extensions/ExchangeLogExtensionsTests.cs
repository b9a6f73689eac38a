using Interop.Hub.Extensions;
using Interop.Testing;
using Npgsql;

namespace Interop.Hub.Tests.Extensions;

/// <summary>The hub's database sessions: a frozen hub must not hold the log's chain lock for hours.</summary>
public sealed class ExchangeLogExtensionsTests
{
    [Fact]
    public async Task The_hub_databases_sessions_have_the_server_drop_a_peer_that_stopped_answering()
    {
        await using var dataSource = NpgsqlDataSource.Create(ExchangeLogExtensions.WithDeadPeerDetection(TestPostgres.ServerConnectionString));

        Assert.Equal("10", await ShowAsync(dataSource, "tcp_keepalives_idle"));
        Assert.Equal("5", await ShowAsync(dataSource, "tcp_keepalives_interval"));
        Assert.Equal("3", await ShowAsync(dataSource, "tcp_keepalives_count"));
        Assert.Equal("1min", await ShowAsync(dataSource, "idle_in_transaction_session_timeout"));
    }

    [Fact]
    public async Task Options_the_operator_set_in_the_connection_string_are_kept()
    {
        var configured = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString) { Options = "-c statement_timeout=7s" }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(ExchangeLogExtensions.WithDeadPeerDetection(configured));

        Assert.Equal("7s", await ShowAsync(dataSource, "statement_timeout"));
        Assert.Equal("10", await ShowAsync(dataSource, "tcp_keepalives_idle"));
    }

    private static async Task<string> ShowAsync(NpgsqlDataSource dataSource, string setting)
    {
        await using var command = dataSource.CreateCommand($"SHOW {setting}");
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
