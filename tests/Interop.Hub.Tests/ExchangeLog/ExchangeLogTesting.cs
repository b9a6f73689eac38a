using Grpc.Core;
using Interop.Seeding;
using Interop.Testing;
using Npgsql;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>A hub (sandbox agencies) whose exchange log goes to a real PostgreSQL database, and ways to read that log directly.</summary>
public static class ExchangeLogTesting
{
    /// <summary>The population the small sandbox of <see cref="LoggingHub"/> serves.</summary>
    public static readonly Population Population = new(SeedOptions.Sandbox with
    {
        Employers = 300,
        InsuredWorkers = 3000,
        Permits = 600,
        ReferenceDate = SeedOptions.FirstOfMonth(DateTime.UtcNow),
    });

    public static HubHost LoggingHub(string logConnectionString, params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Sandbox:Employers"] = "300",
            ["Sandbox:InsuredWorkers"] = "3000",
            ["Sandbox:Permits"] = "600",
            ["ExchangeLog:ConnectionString"] = logConnectionString,
            ["ExchangeLog:FlushInterval"] = "00:00:00.010",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new HubHost(all);
    }

    public static string EmployerName(int index) => $"employers/{Population.Employer(index).RegistryNumber}";

    /// <summary>The exchange id the hub sent in the headers, whether the call succeeded or failed.</summary>
    public static async Task<Guid> ExchangeIdAsync<T>(AsyncUnaryCall<T> call)
    {
        using (call)
        {
            try
            {
                await call.ResponseAsync;
            }
            catch (RpcException)
            {
                // Refused and failed calls are recorded too; the id is in the headers either way.
            }

            return Guid.Parse((await call.ResponseHeadersAsync).GetValue("x-interop-exchange-id")!);
        }
    }

    /// <summary>The rows of the log for these exchange ids, read straight from the table.</summary>
    public static async Task<Dictionary<Guid, LoggedRow>> RowsAsync(string connectionString, IReadOnlyCollection<Guid> exchangeIds)
    {
        await using var connection = await OpenUnpooledAsync(connectionString);
        await using var command = new NpgsqlCommand(
            "SELECT exchange_id, caller_agency, caller_system, provider_agency, method, subject_ids, status_code, request_bytes, response_bytes, "
            + "request_sha256, response_sha256, latency_us, cache_hit, start_time FROM exchange_log WHERE exchange_id = ANY($1)",
            connection)
        {
            Parameters = { new() { Value = exchangeIds.ToArray() } },
        };
        var rows = new Dictionary<Guid, LoggedRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new LoggedRow(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<string[]>(5), (StatusCode)reader.GetInt16(6), reader.GetInt64(7), reader.GetInt64(8),
                reader.GetFieldValue<byte[]>(9), reader.GetFieldValue<byte[]>(10), reader.GetInt64(11), reader.GetBoolean(12),
                reader.GetFieldValue<DateTimeOffset>(13));
            Assert.True(rows.TryAdd(row.ExchangeId, row), $"exchange {row.ExchangeId} is logged twice");
        }

        return rows;
    }

    public static async Task<long> CountAsync(string connectionString, string callerSystem)
    {
        await using var connection = await OpenUnpooledAsync(connectionString);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM exchange_log WHERE caller_system = $1", connection)
        {
            Parameters = { new() { Value = callerSystem } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits (the writer works off the request path) until every exchange is in the table.</summary>
    public static async Task<Dictionary<Guid, LoggedRow>> WaitForRowsAsync(string connectionString, IReadOnlyCollection<Guid> exchangeIds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var rows = await RowsAsync(connectionString, exchangeIds);
            if (rows.Count == exchangeIds.Count || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Unpooled, so a test that cuts the database's connections never picks up a dead one.</summary>
    private static async Task<NpgsqlConnection> OpenUnpooledAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>An exchange's receipt, once the writer has sealed its batch (until then the hub answers UNAVAILABLE).</summary>
    public static async Task<Interop.Hub.V1.Receipt> ReceiptAsync(HubHost hub, string caller, string exchangeName)
    {
        var log = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(hub.Invoker(caller));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                return (await log.GetReceiptAsync(new Interop.Hub.V1.GetReceiptRequest { Name = exchangeName + "/receipt" })).Receipt;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> attempt, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = await attempt();
            if (done(result) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The first answer to <paramref name="call"/> that is not UNAVAILABLE, or null if none comes within the timeout.</summary>
    public static Task<T?> AnsweredOnceAvailableAsync<T>(Func<Task<T>> call, TimeSpan timeout)
        where T : class =>
        EventuallyAsync<T?>(
            async () =>
            {
                try
                {
                    return await call();
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
                {
                    return null;
                }
            },
            answer => answer is not null,
            timeout);

    /// <summary>Really unreachable: new connections are refused and the hub's open ones are cut, the server stays up.</summary>
    public static async Task SetReachableAsync(string connectionString, bool reachable)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var admin = new NpgsqlConnection(Interop.Testing.TestPostgres.ServerConnectionString);
        await admin.OpenAsync();
        await using (var command = new NpgsqlCommand($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS {(reachable ? "true" : "false")}", admin))
        {
            await command.ExecuteNonQueryAsync();
        }

        if (!reachable)
        {
            await using var terminate = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", admin)
            {
                Parameters = { new() { Value = name } },
            };
            await terminate.ExecuteNonQueryAsync();
        }
    }
}


public sealed record LoggedRow(
    Guid ExchangeId,
    string CallerAgency,
    string CallerSystem,
    string ProviderAgency,
    string Method,
    string[] SubjectIds,
    StatusCode StatusCode,
    long RequestBytes,
    long ResponseBytes,
    byte[] RequestSha256,
    byte[] ResponseSha256,
    long LatencyMicroseconds,
    bool CacheHit,
    DateTimeOffset StartTime);

/// <summary>One fresh database per test class for the hub's exchange log.</summary>
public sealed class ExchangeLogDatabaseFixture : PostgresDatabaseFixture
{
    protected override string Prefix => "exchangelog";
}
