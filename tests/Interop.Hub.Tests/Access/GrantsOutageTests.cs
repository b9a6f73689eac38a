using Grpc.Core;
using Interop.Employers.V1;
using Interop.Hub.Access;
using Interop.Hub.Tests.ExchangeLog;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static Interop.Hub.Tests.ExchangeLog.ExchangeLogTesting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Interop.Hub.Tests.Access;

/// <summary>
/// An instance that starts while the hub's database does not answer has no grants to go by: that is the hub's failure,
/// not the caller's, so calls are UNAVAILABLE (retry), not PERMISSION_DENIED (give up), and the instance is not
/// serving; once the database answers it creates its tables, reads the grants and serves, with no restart.
/// </summary>
public sealed class GrantsOutageTests(ExchangeLogDatabaseFixture database) : IClassFixture<ExchangeLogDatabaseFixture>
{
    [Fact]
    public async Task Calls_are_unavailable_until_the_grants_are_read_then_served_without_a_restart()
    {
        await SetReachableAsync(database.ConnectionString, false);
        HubHost? hub = null;
        var refusedId = Guid.Empty;
        try
        {
            hub = LoggingHub(database.ConnectionString, ("ExchangeLog:MaxRetryDelay", "00:00:00.200"));
            var client = new EmployerRegistry.EmployerRegistryClient(hub.Invoker("SSF/clearance"));

            using var refusedCall = client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(1) });
            var refused = await Assert.ThrowsAsync<RpcException>(() => refusedCall.ResponseAsync);
            refusedId = Guid.Parse((await refusedCall.ResponseHeadersAsync).GetValue("x-interop-exchange-id")!);

            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
            var status = refused.GetRpcStatus()!;
            Assert.Equal(AccessErrorReasons.GrantsUnavailable, status.GetDetail<Google.Rpc.ErrorInfo>().Reason);
            Assert.NotNull(status.GetDetail<Google.Rpc.RetryInfo>());
            Assert.Equal(ServingStatus.NotServing, await hub.ServingStatusAsync());
            // Nor does the directory answer as if the caller had no grants.
            var directory = await Assert.ThrowsAsync<RpcException>(
                () => new Interop.Hub.V1.Directory.DirectoryClient(hub.Invoker("SSF/clearance")).GetCallerAccessAsync(new Interop.Hub.V1.GetCallerAccessRequest()).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, directory.StatusCode);
            Assert.Equal(HealthStatus.Unhealthy, (await hub.HealthAsync(AccessGrantsHealthCheck.Name)).Status);
        }
        finally
        {
            await SetReachableAsync(database.ConnectionString, true);
        }

        await using (hub)
        {
            var client = new EmployerRegistry.EmployerRegistryClient(hub.Invoker("SSF/clearance"));
            var served = await AnsweredOnceAvailableAsync(
                () => client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(1) }).ResponseAsync, TimeSpan.FromSeconds(20));

            Assert.NotNull(served);
            Assert.Equal(ServingStatus.Serving, await hub.ServingStatusAsync());

            // The log's tables were created late too, and the refusal is on record with the calls after it.
            var after = await ExchangeIdAsync(client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(2) }));
            var rows = await WaitForRowsAsync(database.ConnectionString, [refusedId, after]);
            Assert.Equal(StatusCode.Unavailable, rows[refusedId].StatusCode);
            Assert.Equal(StatusCode.OK, rows[after].StatusCode);
        }
    }
}
