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
    public void Registers_the_four_generated_clients()
    {
        using var provider = BuildProvider(o => o.Caller = "MOL/permits-backoffice");

        Assert.NotNull(provider.GetRequiredService<EmployerRegistry.EmployerRegistryClient>());
        Assert.NotNull(provider.GetRequiredService<ContributionStanding.ContributionStandingClient>());
        Assert.NotNull(provider.GetRequiredService<WorkPermits.WorkPermitsClient>());
        Assert.NotNull(provider.GetRequiredService<Interop.Hub.V1.Directory.DirectoryClient>());
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
