using Npgsql;
using Xunit;

namespace Interop.Testing;

/// <summary>
/// The real PostgreSQL server that scripts/services.sh starts. Tests never skip when it is missing:
/// they fail, with a message that says how to start it.
/// </summary>
public static class TestPostgres
{
    /// <summary>Overridable with INTEROP_TEST_POSTGRES (an Npgsql connection string to a role with CREATEDB).</summary>
    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("INTEROP_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=interop;Password=interop;Database=postgres";

    /// <summary>Creates a new, empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        // PostgreSQL names are at most 63 bytes: 2 + 28 + 1 + 32 fits.
        var name = $"t_{new string(prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(28).ToArray())}_{Guid.NewGuid():N}";
        try
        {
            await using var connection = new NpgsqlConnection(ServerConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at '{ServerConnectionString}'. Run scripts/services.sh (or scripts/test.sh) first.", ex);
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        // A background writer of the host under test may still be reconnecting while the database goes away.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException) when (attempt < 5)
            {
                await Task.Delay(200 * attempt);
            }
        }
    }
}

/// <summary>An xunit class fixture: one fresh database per test class, dropped afterwards.</summary>
public class PostgresDatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    protected virtual string Prefix => GetType().Name;

    public virtual async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateDatabaseAsync(Prefix);

    public virtual Task DisposeAsync() => TestPostgres.DropDatabaseAsync(ConnectionString);
}
