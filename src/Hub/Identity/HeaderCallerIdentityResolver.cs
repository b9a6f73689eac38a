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

    public CallerIdentity Resolve(ServerCallContext context)
    {
        var value = context.RequestHeaders.GetValue(HeaderName);
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

        return new CallerIdentity(match.Groups["agency"].Value, match.Groups["system"].Value);
    }

    [GeneratedRegex(@"^(?<agency>[A-Z0-9]{2,10})/(?<system>[a-z0-9][a-z0-9-]{0,39})\z", RegexOptions.CultureInvariant)]
    private static partial Regex CallerPattern();
}
