using Npgsql;
using NpgsqlTypes;

namespace Interop.Hub.Access;

/// <summary>
/// The grants in the hub's PostgreSQL database. Every change takes a new number from one sequence and notifies
/// <see cref="Channel"/>, so that each instance reloads at once, and notices within its reload interval even when a
/// notification is lost (the highest number, or the count after a row was deleted by hand, changes).
/// </summary>
public sealed class PostgresGrantStore(NpgsqlDataSource dataSource) : IGrantStore
{
    public const string Channel = "access_grants_changed";

    private const string Columns = """
        grant_id, provider_agency, consumer_agency, consumer_system, service, method, purposes, field_mask,
        rate_per_second, rate_burst, create_time, creator, revoke_time, revoke_reason, revoker
        """;

    private const string Schema = $"""
        SELECT pg_advisory_xact_lock(hashtext('access_grants'));
        CREATE SEQUENCE IF NOT EXISTS access_grant_version;
        CREATE TABLE IF NOT EXISTS access_grants (
            grant_id text PRIMARY KEY,
            provider_agency text NOT NULL,
            consumer_agency text NOT NULL,
            consumer_system text,
            service text NOT NULL,
            method text,
            purposes text[] NOT NULL,
            field_mask text[] NOT NULL,
            rate_per_second integer,
            rate_burst integer,
            create_time timestamptz NOT NULL,
            creator text NOT NULL,
            revoke_time timestamptz,
            revoke_reason text,
            revoker text,
            version bigint NOT NULL DEFAULT nextval('access_grant_version')
        );
        CREATE INDEX IF NOT EXISTS access_grants_provider ON access_grants (provider_agency, grant_id);
        CREATE INDEX IF NOT EXISTS access_grants_consumer ON access_grants (consumer_agency, grant_id);
        CREATE OR REPLACE FUNCTION access_grants_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{Channel}', '');
            RETURN NULL;
        END $$;
        CREATE OR REPLACE TRIGGER access_grants_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON access_grants
            FOR EACH STATEMENT EXECUTE FUNCTION access_grants_notify();
        """;

    /// <summary>What tells an instance that its snapshot is out of date: cheap, one index-only aggregate.</summary>
    public const string VersionQuery = "SELECT coalesce(max(version), 0) * 1000003 + count(*) FROM access_grants";

    public async Task InitializeAsync(IReadOnlyList<Grant> preload, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var schema = new NpgsqlCommand(Schema, connection, transaction))
        {
            await schema.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var grant in preload)
        {
            await using var insert = Insert(grant, connection, transaction, " ON CONFLICT (grant_id) DO NOTHING");
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task<(IReadOnlyList<Grant> Grants, long Version)> LoadAsync(CancellationToken cancellationToken) =>
        LoadAsync(null, cancellationToken);

    /// <summary>A connection of its own for the watcher, which listens on <see cref="Channel"/>.</summary>
    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Loads on <paramref name="connection"/> when given (the watcher's own), else on a pooled one.</summary>
    public async Task<(IReadOnlyList<Grant> Grants, long Version)> LoadAsync(NpgsqlConnection? connection, CancellationToken cancellationToken)
    {
        var owned = connection is null;
        connection ??= await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            // One snapshot for both, so the version matches the rows.
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            var version = await VersionAsync(connection, cancellationToken);
            await using var command = new NpgsqlCommand($"SELECT {Columns} FROM access_grants ORDER BY grant_id", connection, transaction);
            var grants = await ReadAsync(command, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (grants, version);
        }
        finally
        {
            if (owned)
            {
                await connection.DisposeAsync();
            }
        }
    }

    public static async Task<long> VersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(VersionQuery, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task CreateAsync(Grant grant, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var insert = Insert(grant, connection, null, " ON CONFLICT (grant_id) DO NOTHING");
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new ResourceExistsException(AccessErrorReasons.GrantExists, "grant", grant.Name);
        }
    }

    public async Task<Grant?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM access_grants WHERE grant_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<Grant>> ListAsync(
        string? agency, bool includeRevoked, string? afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM access_grants
            WHERE ($1::text IS NULL OR provider_agency = $1 OR consumer_agency = $1)
              AND ($2 OR revoke_time IS NULL)
              AND ($3::text IS NULL OR grant_id > $3)
            ORDER BY grant_id
            LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)agency ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = includeRevoked });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)afterId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<Grant?> RevokeAsync(string id, DateTimeOffset time, string reason, string revoker, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE access_grants SET revoke_time = $2, revoke_reason = $3, revoker = $4, version = nextval('access_grant_version')
            WHERE grant_id = $1 AND revoke_time IS NULL
            RETURNING {Columns}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = time.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = reason });
        command.Parameters.Add(new NpgsqlParameter { Value = revoker });
        if ((await ReadAsync(command, cancellationToken)).SingleOrDefault() is { } revoked)
        {
            return revoked;
        }

        return await FindAsync(id, cancellationToken) is { } existing ? throw GrantStores.AlreadyRevoked(existing) : null;
    }

    private static NpgsqlCommand Insert(Grant grant, NpgsqlConnection connection, NpgsqlTransaction? transaction, string onConflict)
    {
        var command = new NpgsqlCommand(
            $"INSERT INTO access_grants ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15){onConflict}",
            connection,
            transaction);
        object Nullable(object? value) => value ?? DBNull.Value;
        command.Parameters.Add(new NpgsqlParameter { Value = grant.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = grant.ProviderAgency });
        command.Parameters.Add(new NpgsqlParameter { Value = grant.ConsumerAgency });
        command.Parameters.Add(new NpgsqlParameter { Value = Nullable(grant.ConsumerSystem), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = grant.Service });
        command.Parameters.Add(new NpgsqlParameter { Value = Nullable(grant.Method), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = grant.Purposes.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = grant.FieldMask.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = Nullable(grant.RateLimit?.RequestsPerSecond), NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = Nullable(grant.RateLimit?.Burst), NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = grant.CreateTime.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = grant.Creator });
        command.Parameters.Add(new NpgsqlParameter { Value = Nullable(grant.RevokeTime?.UtcDateTime), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = Nullable(grant.RevokeReason), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = Nullable(grant.Revoker), NpgsqlDbType = NpgsqlDbType.Text });
        return command;
    }

    private static async Task<IReadOnlyList<Grant>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var grants = new List<Grant>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            DateTimeOffset? Time(int i) => reader.IsDBNull(i) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(i), TimeSpan.Zero);
            grants.Add(new Grant(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                Text(3),
                reader.GetString(4),
                Text(5),
                reader.GetFieldValue<string[]>(6),
                reader.GetFieldValue<string[]>(7),
                reader.IsDBNull(8) ? null : new GrantRateLimit(reader.GetInt32(8), reader.GetInt32(9)),
                Time(10)!.Value,
                reader.GetString(11))
            {
                RevokeTime = Time(12),
                RevokeReason = Text(13),
                Revoker = Text(14),
            });
        }

        return grants;
    }
}
