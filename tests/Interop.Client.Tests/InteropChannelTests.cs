using Grpc.Core;
using Interop.Hub.V1;

namespace Interop.Client.Tests;

public sealed class InteropChannelTests : IAsyncLifetime
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(2);

    private FakeHub _hub = null!;

    public async Task InitializeAsync() => _hub = await FakeHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Sends_the_caller_identity_on_every_call()
    {
        using var channel = Create(o => o.Caller = "MOL/permits-backoffice");

        var access = await channel.Directory.GetCallerAccessAsync(new GetCallerAccessRequest());
        await channel.Directory.ListAgenciesAsync(new ListAgenciesRequest());

        Assert.Equal(("MOL", "permits-backoffice"), (access.AgencyCode, access.System));
        Assert.All(_hub.State.Calls, call => Assert.Equal("MOL/permits-backoffice", call.Caller));
        Assert.Equal(2, _hub.State.Calls.Count);
    }

    [Fact]
    public async Task Sends_no_caller_header_when_no_caller_is_configured()
    {
        using var channel = Create(o => o.Caller = null);

        await channel.Directory.ListAgenciesAsync(new ListAgenciesRequest());

        Assert.Null(Assert.Single(_hub.State.Calls).Caller);
    }

    [Fact]
    public async Task Keeps_a_caller_header_the_call_sets_itself()
    {
        using var channel = Create(o => o.Caller = "MOL/permits-backoffice");

        await channel.Directory.ListAgenciesAsync(
            new ListAgenciesRequest(), new Metadata { { InteropClientOptions.CallerHeader, "SSF/clearance" } });

        Assert.Equal("SSF/clearance", Assert.Single(_hub.State.Calls).Caller);
    }

    [Fact]
    public async Task Sends_the_purpose_case_reference_and_official_id_of_the_options()
    {
        using var channel = Create(o =>
        {
            o.Purpose = "WORK_PERMIT_APPLICATION";
            o.CaseReference = "WP-2026-000123";
            o.OfficialId = "agent-42";
        });

        await channel.Directory.ListAgenciesAsync(new ListAgenciesRequest());

        var call = Assert.Single(_hub.State.Calls);
        Assert.Equal(("WORK_PERMIT_APPLICATION", "WP-2026-000123", "agent-42"), (call.Purpose, call.CaseReference, call.OfficialId));
    }

    [Fact]
    public async Task Headers_a_call_sets_itself_win_over_the_options()
    {
        using var channel = Create(o =>
        {
            o.Purpose = "WORK_PERMIT_APPLICATION";
            o.CaseReference = "WP-2026-000123";
        });

        await channel.Directory.ListAgenciesAsync(new ListAgenciesRequest(), new Metadata
        {
            { InteropClientOptions.CaseReferenceHeader, "WP-2026-000999" },
            { InteropClientOptions.PurposeHeader, "LABOUR_INSPECTION" },
        });
        await channel.Directory.ListAgenciesAsync(new ListAgenciesRequest());

        var calls = _hub.State.Calls.ToArray();
        Assert.Equal(("LABOUR_INSPECTION", "WP-2026-000999", (string?)null), (calls[0].Purpose, calls[0].CaseReference, calls[0].OfficialId));
        Assert.Equal(("WORK_PERMIT_APPLICATION", "WP-2026-000123"), (calls[1].Purpose, calls[1].CaseReference));
    }

    [Fact]
    public async Task Gives_a_call_without_deadline_the_default_deadline()
    {
        using var channel = Create(o => o.DefaultDeadline = TimeSpan.FromSeconds(7));

        await channel.Directory.ListAgenciesAsync(new ListAgenciesRequest());

        var call = Assert.Single(_hub.State.Calls);
        Assert.InRange(call.Deadline - call.ReceivedAt, TimeSpan.FromSeconds(7) - Tolerance, TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task Keeps_the_deadline_a_call_sets_itself()
    {
        using var channel = Create(o => o.DefaultDeadline = TimeSpan.FromSeconds(7));

        await channel.Directory.ListAgenciesAsync(new ListAgenciesRequest(), deadline: DateTime.UtcNow.AddMinutes(2));

        var call = Assert.Single(_hub.State.Calls);
        Assert.InRange(call.Deadline - call.ReceivedAt, TimeSpan.FromMinutes(2) - Tolerance, TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task Retries_unavailable_until_the_hub_answers()
    {
        using var channel = Create(o => o.MaxRetryAttempts = 3);
        _hub.State.FailNext(2, StatusCode.Unavailable);

        var agencies = await channel.Directory.ListAgenciesAsync(new ListAgenciesRequest());

        Assert.Equal("CR", Assert.Single(agencies.Agencies).Code);
        Assert.Equal(3, _hub.State.Calls.Count);
        Assert.All(_hub.State.Calls, call => Assert.Equal("MOL/permits-backoffice", call.Caller));
    }

    [Fact]
    public async Task Gives_up_after_the_configured_number_of_retries()
    {
        using var channel = Create(o => o.MaxRetryAttempts = 2);
        _hub.State.FailNext(10, StatusCode.Unavailable);

        var exception = await Assert.ThrowsAsync<RpcException>(
            () => channel.Directory.ListAgenciesAsync(new ListAgenciesRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, exception.StatusCode);
        Assert.Equal(3, _hub.State.Calls.Count);
    }

    [Theory]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.Unauthenticated)]
    public async Task Does_not_retry_other_failures(StatusCode status)
    {
        using var channel = Create(o => o.MaxRetryAttempts = 3);
        _hub.State.FailNext(1, status);

        var exception = await Assert.ThrowsAsync<RpcException>(
            () => channel.Directory.ListAgenciesAsync(new ListAgenciesRequest()).ResponseAsync);

        Assert.Equal(status, exception.StatusCode);
        Assert.Single(_hub.State.Calls);
    }

    [Fact]
    public async Task Does_not_retry_when_retries_are_off()
    {
        using var channel = Create(o => o.MaxRetryAttempts = 0);
        _hub.State.FailNext(1, StatusCode.Unavailable);

        var exception = await Assert.ThrowsAsync<RpcException>(
            () => channel.Directory.ListAgenciesAsync(new ListAgenciesRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, exception.StatusCode);
        Assert.Single(_hub.State.Calls);
    }

    [Fact]
    public void Refuses_invalid_options()
    {
        var options = new InteropClientOptions { Caller = "mol/Permits" };

        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => InteropChannel.Create(options, _hub.CreateHandler()));

        Assert.Equal(2, exception.Failures.Count());
    }

    private InteropChannel Create(Action<InteropClientOptions> configure)
    {
        var options = new InteropClientOptions
        {
            Address = new Uri("http://localhost"),
            Caller = "MOL/permits-backoffice",
            RetryInitialBackoff = TimeSpan.FromMilliseconds(10),
            RetryMaxBackoff = TimeSpan.FromMilliseconds(50),
        };
        configure(options);
        return InteropChannel.Create(options, _hub.CreateHandler());
    }
}
