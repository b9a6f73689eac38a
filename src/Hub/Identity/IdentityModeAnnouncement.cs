using Microsoft.Extensions.Options;

namespace Interop.Hub.Identity;

/// <summary>Says at startup how callers are identified, and warns when it is the header, which anyone can set.</summary>
public sealed partial class IdentityModeAnnouncement(IOptions<IdentityOptions> options, ILogger<IdentityModeAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Mode == CallerIdentityMode.MutualTls)
        {
            LogMutualTls(logger, options.Value.Systems.Sum(s => s.Value.Count), options.Value.Systems.Count);
        }
        else
        {
            LogHeader(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Caller identity: mutual TLS client certificates; {Systems} systems of {Agencies} agencies registered")]
    private static partial void LogMutualTls(ILogger logger, int systems, int agencies);

    [LoggerMessage(EventId = 4099, Level = LogLevel.Warning,
        Message = "Caller identity: the x-interop-caller header, taken at the caller's word. For the sandbox and development only; production sets Identity:Mode=MutualTls")]
    private static partial void LogHeader(ILogger logger);
}
