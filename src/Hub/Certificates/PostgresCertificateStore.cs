using Google.Protobuf.WellKnownTypes;
using Interop.Certificates;
using Interop.Contributions.V1;
using Npgsql;
using NpgsqlTypes;

namespace Interop.Hub.Certificates;

/// <summary>
/// Certificates in the hub's own database: the certificate as protobuf bytes, next to the columns it is found by.
/// Unique constraints make a code or a request answered at most once even across hub instances.
/// </summary>
public sealed class PostgresCertificateStore(NpgsqlDataSource dataSource) : ICertificateStore
{
    private const string Table = "clearance_certificates";

    private const string Schema = $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            id text PRIMARY KEY,
            verification_code text NOT NULL UNIQUE,
            request_key text NOT NULL UNIQUE,
            registry_number text NOT NULL,
            issue_time timestamptz NOT NULL,
            revoke_time timestamptz,
            body bytea NOT NULL
        );
        CREATE INDEX IF NOT EXISTS {Table}_employer ON {Table} (registry_number, id DESC);
        """;

    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public async Task<Certificate> AddAsync(Certificate certificate, string requestKey, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO {Table} (id, verification_code, request_key, registry_number, issue_time, body)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (request_key) DO NOTHING
            """);
        command.Parameters.AddWithValue(CertificateTokens.IdOf(certificate));
        command.Parameters.AddWithValue(certificate.VerificationCode);
        command.Parameters.AddWithValue(requestKey);
        command.Parameters.AddWithValue(certificate.RegistryNumber);
        command.Parameters.AddWithValue(certificate.IssueTime.ToDateTimeOffset());
        command.Parameters.AddWithValue(NpgsqlDbType.Bytea, Google.Protobuf.MessageExtensions.ToByteArray(certificate));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return certificate;
        }

        return await FindByRequestAsync(requestKey, cancellationToken)
            ?? throw new InvalidOperationException("A certificate request conflicted with one that is no longer stored.");
    }

    public Task<Certificate?> FindByRequestAsync(string requestKey, CancellationToken cancellationToken) =>
        FindOneAsync("request_key", requestKey, cancellationToken);

    public Task<Certificate?> GetAsync(string id, CancellationToken cancellationToken) =>
        FindOneAsync("id", id, cancellationToken);

    public Task<Certificate?> FindByCodeAsync(string code, CancellationToken cancellationToken) =>
        FindOneAsync("verification_code", code, cancellationToken);

    public async Task<IReadOnlyList<Certificate>> ListAsync(string registryNumber, string? afterId, int limit, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand($"""
            SELECT body FROM {Table}
            WHERE registry_number = $1 AND ($2::text IS NULL OR id < $2)
            ORDER BY id DESC LIMIT $3
            """);
        command.Parameters.AddWithValue(registryNumber);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)afterId ?? DBNull.Value });
        command.Parameters.AddWithValue(limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<Certificate?> RevokeAsync(string id, string reason, DateTimeOffset time, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var select = new NpgsqlCommand($"SELECT body FROM {Table} WHERE id = $1 FOR UPDATE", connection, transaction);
        select.Parameters.AddWithValue(id);
        var certificate = (await ReadAllAsync(select, cancellationToken)).SingleOrDefault();
        if (certificate is null || certificate.State == CertificateState.Revoked)
        {
            return certificate;
        }

        certificate.State = CertificateState.Revoked;
        certificate.RevokeTime = Timestamp.FromDateTimeOffset(time);
        certificate.RevocationReason = reason;
        await using var update = new NpgsqlCommand($"UPDATE {Table} SET revoke_time = $2, body = $3 WHERE id = $1", connection, transaction);
        update.Parameters.AddWithValue(id);
        update.Parameters.AddWithValue(time);
        update.Parameters.AddWithValue(NpgsqlDbType.Bytea, Google.Protobuf.MessageExtensions.ToByteArray(certificate));
        await update.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return certificate;
    }

    private async Task<Certificate?> FindOneAsync(string column, string value, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand($"SELECT body FROM {Table} WHERE {column} = $1");
        command.Parameters.AddWithValue(value);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<IReadOnlyList<Certificate>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var certificates = new List<Certificate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            certificates.Add(Certificate.Parser.ParseFrom(reader.GetFieldValue<byte[]>(0)));
        }

        return certificates;
    }

    /// <summary>Creates the table on first use; a database that was down then is tried again on the next call.</summary>
    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (!_schemaReady)
            {
                await using var command = dataSource.CreateCommand(Schema);
                await command.ExecuteNonQueryAsync(cancellationToken);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaLock.Release();
        }
    }
}
