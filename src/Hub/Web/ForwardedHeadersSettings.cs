using System.Net;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Web;

/// <summary>
/// The reverse proxies or load balancers in front of the hub (configuration section "Web:ForwardedHeaders"). Their
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed, and only theirs: the public pages then limit
/// lookups per real client address instead of per proxy. None configured: forwarded headers are ignored.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Web:ForwardedHeaders";

    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool Configured => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    /// <returns>What is wrong with the listed addresses and networks, each by its setting.</returns>
    public IEnumerable<string> Problems()
    {
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(KnownProxies[i], out _))
            {
                yield return $"{Section}:KnownProxies:{i} '{KnownProxies[i]}' is not an IP address.";
            }
        }

        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(KnownNetworks[i], out _))
            {
                yield return $"{Section}:KnownNetworks:{i} '{KnownNetworks[i]}' is not a network in CIDR notation (e.g. 10.0.0.0/24).";
            }
        }
    }
}

/// <summary>Stops the hub at start naming each proxy address or network that does not parse.</summary>
public sealed class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options) =>
        options.Problems().ToList() is { Count: > 0 } problems
            ? ValidateOptionsResult.Fail(problems)
            : ValidateOptionsResult.Success;
}
