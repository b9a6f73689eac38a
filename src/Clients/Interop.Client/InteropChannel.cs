using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Permits.V1;
using AccessAdminClient = Interop.Hub.V1.AccessAdmin.AccessAdminClient;
using CacheAdminClient = Interop.Hub.V1.CacheAdmin.CacheAdminClient;
using DirectoryClient = Interop.Hub.V1.Directory.DirectoryClient;
using ExchangeLogClient = Interop.Hub.V1.ExchangeLog.ExchangeLogClient;

namespace Interop.Client;

/// <summary>
/// A connection to the hub without dependency injection: one channel with the caller identity, the default
/// deadline and the UNAVAILABLE retry policy, and the generated clients over it.
/// </summary>
public sealed class InteropChannel : IDisposable
{
    private readonly GrpcChannel _channel;

    private InteropChannel(GrpcChannel channel, CallInvoker callInvoker)
    {
        _channel = channel;
        CallInvoker = callInvoker;
        Employers = new EmployerRegistry.EmployerRegistryClient(callInvoker);
        Contributions = new ContributionStanding.ContributionStandingClient(callInvoker);
        Certificates = new ClearanceCertificates.ClearanceCertificatesClient(callInvoker);
        Permits = new WorkPermits.WorkPermitsClient(callInvoker);
        Directory = new DirectoryClient(callInvoker);
        ExchangeLog = new ExchangeLogClient(callInvoker);
        Access = new AccessAdminClient(callInvoker);
        Cache = new CacheAdminClient(callInvoker);
    }

    /// <summary>The intercepted invoker, for clients of services this type does not expose.</summary>
    public CallInvoker CallInvoker { get; }

    public EmployerRegistry.EmployerRegistryClient Employers { get; }

    public ContributionStanding.ContributionStandingClient Contributions { get; }

    /// <summary>Clearance certificates: request, get, list, verify, and (the fund) revoke.</summary>
    public ClearanceCertificates.ClearanceCertificatesClient Certificates { get; }

    public WorkPermits.WorkPermitsClient Permits { get; }

    public DirectoryClient Directory { get; }

    /// <summary>The exchanges the caller's agency took part in, their receipts and the hub's signing keys.</summary>
    public ExchangeLogClient ExchangeLog { get; }

    /// <summary>Grants: create, get, list and revoke access rights to the caller's agency's services.</summary>
    public AccessAdminClient Access { get; }

    /// <summary>The purge of the caller's agency's cached answers (any agency's, for the hub's operator).</summary>
    public CacheAdminClient Cache { get; }

    /// <param name="options">Where the hub is and who is calling; validated here.</param>
    /// <param name="handler">
    /// The HTTP handler to send calls through, e.g. an in-process test server's; by default a
    /// <see cref="SocketsHttpHandler"/> owned by the channel, presenting <see cref="InteropClientOptions.ClientCertificate"/>
    /// when set. A given handler is used as it is and stays the caller's to dispose.
    /// </param>
    public static InteropChannel Create(InteropClientOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var tlsHandler = handler is null ? InteropTls.CreateHandlerIfNeeded(options) : null;
        var channelOptions = new GrpcChannelOptions { HttpHandler = handler ?? tlsHandler, DisposeHttpClient = tlsHandler is not null };
        InteropServiceConfig.Apply(options, channelOptions);
        var channel = GrpcChannel.ForAddress(options.Address, channelOptions);
        return new InteropChannel(channel, channel.Intercept(new InteropCallInterceptor(options)));
    }

    public void Dispose() => _channel.Dispose();
}
