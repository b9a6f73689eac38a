using Interop.Hub.ExchangeLog;
using Interop.Hub.Options;
using Interop.Hub.Services;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Interop.Hub.Extensions;

public static class ExchangeLogExtensions
{
    /// <summary>
    /// The keyed NpgsqlDataSource of the hub's own database (<c>ExchangeLog:ConnectionString</c>): the exchange log,
    /// and everything else the hub itself keeps (access grants, checkpoints, certificates). Registered in every mode;
    /// only resolve it when <see cref="ExchangeLogOptions.UsesDatabase"/> is true.
    /// </summary>
    public const string DataSourceKey = "hub-database";

    /// <summary>
    /// The exchange log: every call recorded, in the hub's PostgreSQL database when
    /// <c>ExchangeLog:ConnectionString</c> is set, else in memory (the sandbox).
    /// </summary>
    public static WebApplicationBuilder AddExchangeLog(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ExchangeLogOptions>()
            .BindConfiguration(ExchangeLogOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => !o.TimeProblems().Any(), "ExchangeLog: FlushInterval must be 0-10 s, MaxRetryDelay more than 0 and at most 5 min, ReceiptPendingWindow and HeadLogInterval 1 s to 1 day.")
            .Validate<IOptions<AgencyBackendOptions>>(
                (log, backends) => log.UsesDatabase || backends.Value.IsSandbox,
                "ExchangeLog:ConnectionString is not set: in Live mode every exchange must be recorded in the hub's own PostgreSQL "
                + "database (environment variable ExchangeLog__ConnectionString). Only the sandbox keeps its log in memory.")
            .Validate<IOptions<AgencyBackendOptions>>(
                (log, backends) => !string.IsNullOrWhiteSpace(log.SigningKeyPath) || backends.Value.IsSandbox,
                "ExchangeLog:SigningKeyPath is not set: in Live mode the hub signs the exchange log's checkpoints with its own ECDSA P-256 "
                + "key, a PEM file (environment variable ExchangeLog__SigningKeyPath; make one with `openssl ecparam -name prime256v1 "
                + "-genkey -noout | openssl pkcs8 -topk8 -nocrypt -out checkpoint-key.pem`). Only the sandbox generates its key at start.")
            .ValidateOnStart();

        services.AddMetrics();
        services.AddSingleton<ExchangeLogQueue>();
        services.AddSingleton<ExchangeLogMetrics>();
        services.AddKeyedSingleton(DataSourceKey, (sp, _) =>
            new NpgsqlDataSourceBuilder(WithDeadPeerDetection(Options(sp).ConnectionString)) { Name = DataSourceKey }.Build());
        services.AddSingleton(sp =>
        {
            var key = CheckpointKeys.Load(Options(sp), sp.GetRequiredService<ILoggerFactory>().CreateLogger<CheckpointSigner>());
            return new CheckpointSigner(key, sp.GetRequiredService<TimeProvider>(), CheckpointKeys.LoadRetired(Options(sp), key.KeyId));
        });
        services.AddSingleton<IExchangeStore>(sp => Options(sp) is { UsesDatabase: true } options
            ? new PostgresExchangeStore(
                sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey),
                sp.GetRequiredService<CheckpointSigner>(),
                sp.GetRequiredService<TimeProvider>(),
                options.PartitionsAhead,
                sp.GetRequiredService<ILogger<PostgresExchangeStore>>(),
                options.BatchSize)
            : new InMemoryExchangeStore(Options(sp).InMemoryCapacity, sp.GetRequiredService<CheckpointSigner>(), Options(sp).BatchSize));
        services.AddHostedService<ExchangeLogWriter>();
        services.AddHealthChecks().AddCheck<ExchangeLogHealthCheck>(ExchangeLogHealthCheck.Name);
        return builder;
    }

    /// <summary>Records every call from here on (unless disabled to measure its cost) and serves the log's query API.</summary>
    public static WebApplication UseExchangeLog(this WebApplication app)
    {
        if (Options(app.Services).Enabled)
        {
            app.UseMiddleware<ExchangeCaptureMiddleware>();
        }

        app.MapGrpcService<ExchangeLogService>();
        return app;
    }

    /// <summary>
    /// The hub's database drops a session whose hub stopped answering (its machine frozen, its network cut) within about
    /// 25 s, and one left idle inside a transaction within a minute: such a session may hold the log's chain lock, and
    /// every other instance's writes, then calls, would wait for it until the kernel's own keepalive (two hours).
    /// </summary>
    internal static string WithDeadPeerDetection(string? connectionString)
    {
        const string Settings = "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3 -c idle_in_transaction_session_timeout=60s";
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? Settings : $"{Settings} {builder.Options}";
        return builder.ConnectionString;
    }

    private static ExchangeLogOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<ExchangeLogOptions>>().Value;
}
