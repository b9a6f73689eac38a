using Grpc.Core;
using Interop.Employers.V1;
using static Interop.Hub.Tests.Access.AccessTesting;

namespace Interop.Hub.Tests.Access;

/// <summary>The hub's own limits on message and batch sizes, configured in section Limits.</summary>
public sealed class LimitsTests : IAsyncLifetime
{
    private readonly HubHost _hub = new(new Dictionary<string, string?>
    {
        ["Sandbox:Employers"] = "300",
        ["Sandbox:InsuredWorkers"] = "3000",
        ["Sandbox:Permits"] = "600",
        ["Limits:MaxBatchSize"] = "5",
        ["Limits:MaxReceiveMessageBytes"] = "2048",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_batch_larger_than_the_configured_limit_is_invalid_naming_the_field()
    {
        var client = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker());

        var ok = await client.BatchGetEmployersAsync(new BatchGetEmployersRequest { Names = { Enumerable.Range(0, 5).Select(EmployerName) } });
        var fields = await RpcAssert.FailsWithInvalidFields(async () =>
            await client.BatchGetEmployersAsync(new BatchGetEmployersRequest { Names = { Enumerable.Range(0, 6).Select(EmployerName) } }));

        Assert.Equal(5, ok.Results.Count);
        Assert.Equal(["names"], fields);
    }

    [Fact]
    public async Task A_request_larger_than_the_configured_size_is_resource_exhausted()
    {
        var client = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker());
        var names = Enumerable.Repeat(EmployerName(1), 100);

        var exception = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.BatchGetEmployersAsync(new BatchGetEmployersRequest { Names = { names } }));

        Assert.Equal(StatusCode.ResourceExhausted, exception.StatusCode);
        Assert.Contains("message size", exception.Status.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_limit_out_of_range_fails_at_start_saying_what_to_set()
    {
        using var hub = new HubHost(new Dictionary<string, string?> { ["Limits:MaxBatchSize"] = "5000" });

        var exception = Assert.ThrowsAny<Exception>(() => hub.Server);

        Assert.Contains("Limits:MaxBatchSize", exception.ToString(), StringComparison.Ordinal);
    }
}
