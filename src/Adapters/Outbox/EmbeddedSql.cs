using Npgsql;

namespace Interop.Adapters.Outbox;

/// <summary>
/// The agencies' SQL scripts (schema.sql, indexes.sql, ...) are embedded resources next to the type that runs
/// them; this is the one place that finds, reads and runs them. It lives with the outbox follower because this
/// project is the PostgreSQL plumbing every agency adapter already shares.
/// </summary>
public static class EmbeddedSql
{
    /// <summary>Reads the script <paramref name="name"/> embedded beside <paramref name="anchor"/> (same assembly and namespace).</summary>
    public static string Read(System.Type anchor, string name)
    {
        var resource = $"{anchor.Namespace}.{name}";
        using var stream = anchor.Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script '{resource}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, System.Type anchor, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(Read(anchor, name));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
