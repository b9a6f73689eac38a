using System.Collections.Concurrent;
using Grpc.Core;
using Interop.Hub.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Client.Tests;

/// <summary>
/// A Directory service (and AccessAdmin's CreateGrant) hosted in process on a TestServer. It records what every call carried and can be told to
/// fail a number of times first, so the tests see exactly what the client library sends and how it retries.
/// </summary>
public sealed class FakeHub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeHub(WebApplication app, FakeHubState state)
    {
        _app = app;
        State = state;
    }

    public FakeHubState State { get; }

    /// <summary>A new handler into the test server, which the client library sends its HTTP/2 requests through.</summary>
    public HttpMessageHandler CreateHandler() => _app.GetTestServer().CreateHandler();

    public static async Task<FakeHub> StartAsync()
    {
        var state = new FakeHubState();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.MapGrpcService<FakeDirectoryService>();
        app.MapGrpcService<FakeAccessAdminService>();
        await app.StartAsync();
        return new FakeHub(app, state);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>What the fake hub saw, and how it should misbehave.</summary>
public sealed class FakeHubState
{
    private int _remainingFailures;

    public ConcurrentQueue<ReceivedCall> Calls { get; } = new();

    /// <summary>The status the next <see cref="FailNext"/> calls end with.</summary>
    public StatusCode FailureStatus { get; private set; } = StatusCode.Unavailable;

    public void FailNext(int calls, StatusCode status)
    {
        FailureStatus = status;
        Volatile.Write(ref _remainingFailures, calls);
    }

    /// <summary>True when this call is to fail; counts the failure down.</summary>
    public bool TakeFailure()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _remainingFailures);
            if (remaining <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _remainingFailures, remaining - 1, remaining) == remaining)
            {
                return true;
            }
        }
    }
}

public sealed record ReceivedCall(string Method, string? Caller, DateTime Deadline, DateTime ReceivedAt)
{
    public string? Purpose { get; init; }

    public string? CaseReference { get; init; }

    public string? OfficialId { get; init; }
}

internal sealed class FakeDirectoryService(FakeHubState state) : Interop.Hub.V1.Directory.DirectoryBase
{
    public override Task<GetCallerAccessResponse> GetCallerAccess(GetCallerAccessRequest request, ServerCallContext context)
    {
        var caller = Record(context);
        var slash = caller?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return Task.FromResult(new GetCallerAccessResponse
        {
            AgencyCode = slash < 0 ? string.Empty : caller![..slash],
            System = slash < 0 ? string.Empty : caller![(slash + 1)..],
        });
    }

    public override Task<ListAgenciesResponse> ListAgencies(ListAgenciesRequest request, ServerCallContext context)
    {
        Record(context);
        return Task.FromResult(new ListAgenciesResponse { Agencies = { new Agency { Name = "agencies/CR", Code = "CR" } } });
    }

    private string? Record(ServerCallContext context) => Calls.Record(state, context);
}

internal sealed class FakeAccessAdminService(FakeHubState state) : AccessAdmin.AccessAdminBase
{
    public override Task<CreateGrantResponse> CreateGrant(CreateGrantRequest request, ServerCallContext context)
    {
        Calls.Record(state, context);
        return Task.FromResult(new CreateGrantResponse { Grant = request.Grant });
    }
}

internal static class Calls
{
    /// <summary>Records the call and throws the failure it was told to, if any; answers the caller header.</summary>
    public static string? Record(FakeHubState state, ServerCallContext context)
    {
        var caller = context.RequestHeaders.GetValue(InteropClientOptions.CallerHeader);
        state.Calls.Enqueue(new ReceivedCall(context.Method, caller, context.Deadline, DateTime.UtcNow)
        {
            Purpose = context.RequestHeaders.GetValue(InteropClientOptions.PurposeHeader),
            CaseReference = context.RequestHeaders.GetValue(InteropClientOptions.CaseReferenceHeader),
            OfficialId = context.RequestHeaders.GetValue(InteropClientOptions.OfficialIdHeader),
        });
        if (state.TakeFailure())
        {
            throw new RpcException(new Status(state.FailureStatus, "Told to fail."));
        }

        return caller;
    }
}
