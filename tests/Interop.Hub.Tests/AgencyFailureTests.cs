using Grpc.Core;
using Interop.Employers.V1;
using Interop.Hub.Errors;
using Interop.Hub.Extensions;
using Interop.Permits.V1;
using Interop.Ports;
using Interop.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Hub.Tests;

/// <summary>
/// What a caller sees when an agency's system is down, slow, or broken. The slow agency stands behind the cache,
/// where the hub's time limit applies (a first-level hit never waits for an agency).
/// </summary>
public sealed class AgencyFailureTests
{
    [Fact]
    public async Task An_agency_database_that_is_down_answers_unavailable_without_internals()
    {
        // Nothing listens on port 1: the agencies' databases are "down"; the hub's own log database is up.
        var hubDatabase = await TestPostgres.CreateDatabaseAsync(nameof(AgencyFailureTests));
        await using var hub = new HubHost(new Dictionary<string, string?>
        {
            ["ExchangeLog:ConnectionString"] = hubDatabase,
            ["ExchangeLog:SigningKeyPath"] = TestCheckpointKey.PemPath,
            ["Certificates:Keys:0:KeyId"] = "test-fund",
            ["Certificates:Keys:0:PemPath"] = TestCheckpointKey.PemPath,
            ["Agencies:CommercialRegistry:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=x;Password=secret;Timeout=2",
            ["Agencies:SocialSecurityFund:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=x;Password=secret;Timeout=2",
            ["Agencies:MinistryOfLabour:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=x;Password=secret;Timeout=2",
        });
        var client = new WorkPermits.WorkPermitsClient(hub.Invoker());

        var status = await RpcAssert.FailsWith(StatusCode.Unavailable, ErrorReasons.AgencyUnavailable, async () =>
            await client.GetPermitAsync(new GetPermitRequest { Name = "permits/WP-2025-0000001" }));

        Assert.Equal("MOL", status.GetDetail<Google.Rpc.ErrorInfo>().Metadata["agency"]);
        Assert.NotNull(status.GetDetail<Google.Rpc.RetryInfo>());
        await hub.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(hubDatabase);
    }

    [Fact]
    public async Task A_caller_deadline_shorter_than_a_slow_agency_is_deadline_exceeded_and_the_adapter_is_cancelled()
    {
        var slow = new SlowRegistry(TimeSpan.FromSeconds(30));
        await using var hub = HubHost.Sandbox(services => services.AddKeyedSingleton<IEmployerRegistry>(CachingExtensions.AgencyBackendKey, slow));
        var client = new EmployerRegistry.EmployerRegistryClient(hub.Invoker());
        // A first call warms the hub up, so that the deadline below runs out at the agency, not while a cold hub
        // still reads the request.
        await new Hub.V1.Directory.DirectoryClient(hub.Invoker()).ListAgenciesAsync(new Hub.V1.ListAgenciesRequest());

        var exception = await Assert.ThrowsAsync<RpcException>(async () => await client.GetEmployerAsync(
            new GetEmployerRequest { Name = "employers/16B0012345" }, deadline: DateTime.UtcNow.AddSeconds(1)));

        // The client's timer and the hub's (set from the same grpc-timeout) run out at the same instant. The client's
        // normally wins; on a loaded machine the hub's can, and the hub then aborts the stream (RST_STREAM CANCEL),
        // which the in-process test server reports as a reset before any answer. Either way the deadline ended it.
        var hubAbortedFirst = exception.StatusCode == StatusCode.Internal
            && exception.Status.DebugException?.Message.Contains("error code 8", StringComparison.Ordinal) == true;
        Assert.True(
            exception.StatusCode == StatusCode.DeadlineExceeded || hubAbortedFirst,
            $"expected DEADLINE_EXCEEDED (or the hub's abort at its own deadline), got {exception.Status}");
        Assert.True(await slow.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)), "the adapter's call should be cancelled");
    }

    [Fact]
    public async Task An_agency_slower_than_the_hub_limit_is_unavailable()
    {
        var slow = new SlowRegistry(TimeSpan.FromSeconds(30));
        await using var hub = new HubHost(
            new Dictionary<string, string?> { ["Agencies:Timeout"] = "00:00:00.300", ["Sandbox:Employers"] = "50", ["Sandbox:InsuredWorkers"] = "500", ["Sandbox:Permits"] = "50" },
            services => services.AddKeyedSingleton<IEmployerRegistry>(CachingExtensions.AgencyBackendKey, slow));
        var client = new EmployerRegistry.EmployerRegistryClient(hub.Invoker());

        var status = await RpcAssert.FailsWith(StatusCode.Unavailable, ErrorReasons.AgencyTimeout, async () =>
            await client.GetEmployerAsync(new GetEmployerRequest { Name = "employers/16B0012345" }));

        Assert.Equal("CR", status.GetDetail<Google.Rpc.ErrorInfo>().Metadata["agency"]);
        Assert.True(slow.Cancelled.Task.IsCompleted);
    }

    [Fact]
    public async Task An_unexpected_failure_is_internal_with_the_exchange_id_and_nothing_else()
    {
        await using var hub = HubHost.Sandbox(services => services.AddSingleton<IEmployerRegistry>(new BrokenRegistry()));
        var client = new EmployerRegistry.EmployerRegistryClient(hub.Invoker());
        var call = client.GetEmployerAsync(new GetEmployerRequest { Name = "employers/16B0012345" });

        var status = await RpcAssert.FailsWith(StatusCode.Internal, ErrorReasons.Internal, async () => await call);

        var exchangeId = (await call.ResponseHeadersAsync).GetValue("x-interop-exchange-id");
        Assert.Contains(exchangeId!, status.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", status.Message, StringComparison.Ordinal);
    }

    /// <summary>An agency system that takes its time, and notices when the hub gives up on it.</summary>
    private sealed class SlowRegistry(TimeSpan delay) : IEmployerRegistry
    {
        public TaskCompletionSource<bool> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<Sourced<Employer>?> GetEmployerAsync(string registryNumber, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(delay, cancellationToken);
                return null;
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult(true);
                throw;
            }
        }

        public Task<IReadOnlyList<Sourced<Employer>?>> GetEmployersAsync(IReadOnlyList<string> registryNumbers, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    private sealed class BrokenRegistry : IEmployerRegistry
    {
        public Task<Sourced<Employer>?> GetEmployerAsync(string registryNumber, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("secret internal detail");

        public Task<IReadOnlyList<Sourced<Employer>?>> GetEmployersAsync(IReadOnlyList<string> registryNumbers, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("secret internal detail");
    }
}
