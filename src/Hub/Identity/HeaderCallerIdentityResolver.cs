using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Grpc.Core;
using Interop.Hub.Errors;

namespace Interop.Hub.Identity;

/// <summary>
/// Reads the caller from the <c>x-interop-caller: AGENCY/system</c> request header. Trusts the caller's
/// word, so it is for the sandbox and development only (<c>Identity:Mode = Header</c>); production uses
/// <see cref="CertificateCallerIdentityResolver"/>, which refuses this header.
/// </summary>
public sealed partial class HeaderCallerIdentityResolver : ICallerIdentityResolver
{
    public const string HeaderName = "x-interop-caller";

    /// <summary>Callers are few and call often: each distinct header value is parsed once.</summary>
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, CallerIdentity> _parsed = new(StringComparer.Ordinal);

    public CallerIdentity Resolve(ServerCallContext context)
    {
        // Straight from the HTTP headers: ServerCallContext.RequestHeaders would copy every header of every call.
        var value = context.GetHttpContext().Request.Headers[HeaderName].ToString();
        if (_parsed.TryGetValue(value, out var known))
        {
            return known;
        }

        if (string.IsNullOrEmpty(value))
        {
            throw new CallerRejectedException(
                StatusCode.Unauthenticated,
                ErrorReasons.CallerIdentityMissing,
                $"No caller identity: send the '{HeaderName}' header as AGENCY/system, e.g. 'MOL/permits-backoffice'.");
        }

        var match = CallerPattern().Match(value);
        if (!match.Success)
        {
            throw new CallerRejectedException(
                StatusCode.Unauthenticated,
                ErrorReasons.CallerIdentityMalformed,
                $"Malformed '{HeaderName}' header: expected AGENCY/system (agency: 2-10 of A-Z 0-9; system: 1-40 of a-z 0-9 '-'), e.g. 'MOL/permits-backoffice'.");
        }

        var caller = new CallerIdentity(match.Groups["agency"].Value, match.Groups["system"].Value);
        if (_parsed.Count < MaxRemembered)
        {
            _parsed.TryAdd(value, caller);
        }

        return caller;
    }

    [GeneratedRegex(@"^(?<agency>[A-Z0-9]{2,10})/(?<system>[a-z0-9][a-z0-9-]{0,39})\z", RegexOptions.CultureInvariant)]
    private static partial Regex CallerPattern();
}
