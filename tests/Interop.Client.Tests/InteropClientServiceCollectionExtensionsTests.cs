using Grpc.Core;
using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Hub.V1;
using Interop.Permits.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Interop.Client.Tests;

public sealed class InteropClientServiceCollectionExtensionsTests : IAsyncLifetime
{
    private FakeHub _hub = null!;

    public async Task InitializeAsync() => _hub = await FakeHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public void Registers_the_client_of_every_service_in_the_contracts()
    {
        using var provider = BuildProvider(o => o.Caller = "MOL/permits-backoffice");
        var clients = typeof(EmployerRegistry).Assembly.GetTypes()
            .Where(t => t is { IsNested: true, IsAbstract: false } && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(Grpc.Core.ClientBase<>))
            .ToList();

        Assert.Equal(8, clients.Count);
        Assert.All(clients, client => Assert.NotNull(provider.GetService(client)));
    }

    [Fact]
    public async Task Injected_clients_send_the_caller_a_deadline_and_retry_unavailable()
    {
        using var provider = BuildProvider(o =>
        {
            o.Caller = "GS/border-control";
            o.DefaultDeadline = TimeSpan.FromSeconds(5);
            o.RetryInitialBackoff = TimeSpan.FromMilliseconds(10);
        });
        var client = provider.GetRequiredService<Interop.Hub.V1.Directory.DirectoryClient>();
        _hub.State.FailNext(1, StatusCode.Unavailable);

        var access = await client.GetCallerAccessAsync(new GetCallerAccessRequest());

        Assert.Equal(("GS", "border-control"), (access.AgencyCode, access.System));
        Assert.Equal(2, _hub.State.Calls.Count);
        Assert.All(_hub.State.Calls, call =>
        {
            Assert.Equal("GS/border-control", call.Caller);
            Assert.InRange(call.Deadline - call.ReceivedAt, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5));
        });
    }

    [Fact]
    public async Task CreateGrant_is_not_retried_as_a_repeat_could_create_a_second_grant()
    {
        using var provider = BuildProvider(o =>
        {
            o.Caller = "CR/registry-office";
            o.RetryInitialBackoff = TimeSpan.FromMilliseconds(10);
        });
        var client = provider.GetRequiredService<Interop.Hub.V1.AccessAdmin.AccessAdminClient>();
        _hub.State.FailNext(1, StatusCode.Unavailable);

        var failure = await Assert.ThrowsAsync<RpcException>(async () => await client.CreateGrantAsync(new CreateGrantRequest { Grant = new Grant() }));

        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
        Assert.Single(_hub.State.Calls);
    }

    [Fact]
    public void Invalid_options_fail_when_a_client_is_resolved_with_every_reason()
    {
        using var provider = BuildProvider(o =>
        {
            o.Caller = "mol/x";
            o.DefaultDeadline = TimeSpan.Zero;
        });

        var exception = Assert.Throws<OptionsValidationException>(
            () => provider.GetRequiredService<Interop.Hub.V1.Directory.DirectoryClient>());

        Assert.Equal(2, exception.Failures.Count());
    }

    private ServiceProvider BuildProvider(Action<InteropClientOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddInteropClients(options =>
        {
            options.Address = new Uri("http://localhost");
            configure(options);
        });

        // Every client's HTTP requests go into the test server instead of a socket.
        services.ConfigureAll<HttpClientFactoryOptions>(factory =>
            factory.HttpMessageHandlerBuilderActions.Add(builder => builder.PrimaryHandler = _hub.CreateHandler()));
        return services.BuildServiceProvider();
    }
}
