using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Hub.Tests;

/// <summary>The real hub, hosted in-process (TestServer), with settings and optional service overrides.</summary>
public sealed class HubHost(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? overrides = null)
    : WebApplicationFactory<Program>
{
    public const string Caller = "MOL/permits-backoffice";

    /// <summary>A small sandbox, so tests start fast.</summary>
    public static HubHost Sandbox(Action<IServiceCollection>? overrides = null) => new(
        new Dictionary<string, string?>
        {
            ["Sandbox:Employers"] = "300",
            ["Sandbox:InsuredWorkers"] = "3000",
            ["Sandbox:Permits"] = "600",
        },
        overrides);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (overrides is not null)
        {
            builder.ConfigureServices(overrides);
        }
    }

    /// <summary>A call invoker over the in-process server that sends <paramref name="caller"/> as identity (none when null).</summary>
    public CallInvoker Invoker(string? caller = Caller)
    {
        var handler = new ResponseVersionHandler { InnerHandler = Server.CreateHandler() };
        var invoker = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = handler }).CreateCallInvoker();
        return caller is null
            ? invoker
            : invoker.Intercept(headers =>
            {
                headers.Add("x-interop-caller", caller);
                return headers;
            });
    }

    /// <summary>TestServer answers HTTP/1.1 by default; gRPC needs the response to say HTTP/2.</summary>
    private sealed class ResponseVersionHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            response.Version = request.Version;
            return response;
        }
    }
}
