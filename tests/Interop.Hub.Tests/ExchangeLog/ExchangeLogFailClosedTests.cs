using Grpc.Core;
using Interop.Employers.V1;
using Interop.Hub.Errors;
using Interop.Hub.ExchangeLog;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;
using static Interop.Hub.Tests.ExchangeLog.ExchangeLogTesting;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>
/// An exchange that cannot be recorded does not happen: with the log's database unreachable the hub answers
/// from its queue until it is full, then refuses; it resumes by itself when the database is back.
/// </summary>
public sealed class ExchangeLogFailClosedTests(ExchangeLogDatabaseFixture database) : IClassFixture<ExchangeLogDatabaseFixture>
{
    private const int QueueCapacity = 5;

    [Fact]
    public async Task The_hub_refuses_calls_once_the_queue_is_full_and_resumes_when_the_database_is_back()
    {
        await using var hub = LoggingHub(
            database.ConnectionString,
            ("ExchangeLog:QueueCapacity", QueueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("ExchangeLog:MaxRetryDelay", "00:00:00.200"));
        var client = new EmployerRegistry.EmployerRegistryClient(hub.Invoker("SSF/fail-closed"));
        var before = await ExchangeIdAsync(client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(0) }));
        Assert.Single(await WaitForRowsAsync(database.ConnectionString, [before]));
        Assert.Equal(ServingStatus.Serving, await hub.ServingStatusAsync());

        await SetReachableAsync(database.ConnectionString, false);
        var accepted = new List<Guid>();
        Google.Rpc.Status? refusal = null;
        for (var i = 1; i <= 50 && refusal is null; i++)
        {
            using var call = client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(i) });
            try
            {
                await call.ResponseAsync;
                accepted.Add(Guid.Parse((await call.ResponseHeadersAsync).GetValue("x-interop-exchange-id")!));
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
            {
                refusal = ex.GetRpcStatus();
            }
        }

        try
        {
            Assert.NotNull(refusal);
            var info = refusal.GetDetail<Google.Rpc.ErrorInfo>();
            Assert.Equal(ExchangeLogRefusal.Reason, info.Reason);
            Assert.Equal(ErrorReasons.Domain, info.Domain);
            Assert.NotNull(refusal.GetDetail<Google.Rpc.RetryInfo>());
            Assert.Equal(QueueCapacity, accepted.Count);
            // A load balancer stops sending calls to an instance that refuses them all.
            Assert.Equal(ServingStatus.NotServing, await hub.ServingStatusAsync());
            var health = await hub.HealthAsync(ExchangeLogHealthCheck.Name);
            Assert.Contains("queue is full", health.Description, StringComparison.Ordinal);
        }
        finally
        {
            await SetReachableAsync(database.ConnectionString, true);
        }

        var resumed = await AnsweredOnceAvailableAsync(
            () => client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(99) }).ResponseAsync, TimeSpan.FromSeconds(15));
        Assert.NotNull(resumed);
        Assert.Equal(ServingStatus.Serving, await hub.ServingStatusAsync());

        // Every call that was answered during the outage was recorded once the database came back.
        var rows = await WaitForRowsAsync(database.ConnectionString, accepted);
        Assert.Equal(accepted.Count, rows.Count);
    }
}
