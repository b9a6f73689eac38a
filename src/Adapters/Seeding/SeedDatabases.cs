using Npgsql;

namespace Interop.Seeding;

/// <summary>Connection strings of the three agencies' databases, and of the hub's own (empty: the hub creates its tables).</summary>
public sealed record AgencyConnectionStrings(string CommercialRegistry, string SocialSecurityFund, string MinistryOfLabour, string Hub);

/// <summary>Creates the agencies' databases and the hub's on a server when they do not exist yet.</summary>
public static class SeedDatabases
{
    public static async Task<AgencyConnectionStrings> CreateAsync(
        string serverConnectionString, string prefix, CancellationToken cancellationToken)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(prefix, "^[a-z][a-z0-9_]{0,40}$"))
        {
            throw new ArgumentException($"The database prefix '{prefix}' must be lowercase letters, digits and '_', starting with a letter.", nameof(prefix));
        }

        await using var dataSource = NpgsqlDataSource.Create(serverConnectionString);
        var names = new[] { $"{prefix}_cr", $"{prefix}_ssf", $"{prefix}_mol", $"{prefix}_hub" };
        foreach (var name in names)
        {
            await using var exists = dataSource.CreateCommand("SELECT 1 FROM pg_database WHERE datname = $1");
            exists.Parameters.Add(new NpgsqlParameter { Value = name });
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await using var create = dataSource.CreateCommand($"CREATE DATABASE \"{name}\"");
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        string For(string database) =>
            new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
        return new AgencyConnectionStrings(For(names[0]), For(names[1]), For(names[2]), For(names[3]));
    }
}
