using System.Text.RegularExpressions;

namespace Interop.Client;

/// <summary>How to reach the Interop Hub and who is calling it.</summary>
public sealed partial class InteropClientOptions
{
    /// <summary>The hub the sandbox and local development listen on (plain HTTP/2).</summary>
    public static readonly Uri DefaultAddress = new("http://localhost:5080");

    /// <summary>The request header that carries the caller identity, <c>AGENCY/system</c>.</summary>
    public const string CallerHeader = "x-interop-caller";

    /// <summary>The response header in which the hub returns the identifier of the exchange.</summary>
    public const string ExchangeIdHeader = "x-interop-exchange-id";

    public Uri Address { get; set; } = DefaultAddress;

    /// <summary>The calling agency's code: 2 to 10 uppercase letters or digits, e.g. <c>MOL</c>.</summary>
    public string? CallerAgency { get; set; }

    /// <summary>The calling system within the agency: 1 to 40 of a-z, 0-9 and '-', e.g. <c>permits-backoffice</c>.</summary>
    public string? CallerSystem { get; set; }

    /// <summary>
    /// The caller identity as sent on the wire, <c>AGENCY/system</c>; null while either part is unset.
    /// Setting it splits the value into <see cref="CallerAgency"/> and <see cref="CallerSystem"/>.
    /// </summary>
    public string? Caller
    {
        get => CallerAgency is null || CallerSystem is null ? null : $"{CallerAgency}/{CallerSystem}";
        set
        {
            if (string.IsNullOrEmpty(value))
            {
                (CallerAgency, CallerSystem) = (null, null);
                return;
            }

            var slash = value.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                throw new ArgumentException($"The caller '{value}' is not of the form AGENCY/system.", nameof(value));
            }

            (CallerAgency, CallerSystem) = (value[..slash], value[(slash + 1)..]);
        }
    }

    /// <summary>The deadline given to every call that does not set its own. Also bounds all retries of the call.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a call that failed with UNAVAILABLE is tried again; 0 disables retries.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The backoff before the first retry; later ones grow by <see cref="RetryBackoffMultiplier"/>, jittered by gRPC.</summary>
    public TimeSpan RetryInitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromSeconds(2);

    public double RetryBackoffMultiplier { get; set; } = 2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that the hub or gRPC would reject.</summary>
    public void Validate()
    {
        if (!Address.IsAbsoluteUri || (Address.Scheme != Uri.UriSchemeHttp && Address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The hub address '{Address}' must be an absolute http:// or https:// URI.", nameof(Address));
        }

        if ((CallerAgency is null) != (CallerSystem is null))
        {
            throw new ArgumentException("Set both the caller agency and the caller system, or neither.", nameof(Caller));
        }

        if (CallerAgency is not null && !AgencyPattern().IsMatch(CallerAgency))
        {
            throw new ArgumentException(
                $"The caller agency '{CallerAgency}' must be 2 to 10 uppercase letters or digits.", nameof(CallerAgency));
        }

        if (CallerSystem is not null && !SystemPattern().IsMatch(CallerSystem))
        {
            throw new ArgumentException(
                $"The caller system '{CallerSystem}' must be 1 to 40 lowercase letters, digits or '-'.", nameof(CallerSystem));
        }

        if (DefaultDeadline <= TimeSpan.Zero)
        {
            throw new ArgumentException("The default deadline must be positive.", nameof(DefaultDeadline));
        }

        // gRPC counts the first attempt too and refuses more than its channel-wide cap; 5 attempts is gRPC's default cap.
        if (MaxRetryAttempts is < 0 or > 4)
        {
            throw new ArgumentException("The number of retry attempts must be between 0 and 4.", nameof(MaxRetryAttempts));
        }

        if (MaxRetryAttempts > 0 && (RetryInitialBackoff <= TimeSpan.Zero || RetryMaxBackoff < RetryInitialBackoff
            || RetryBackoffMultiplier < 1))
        {
            throw new ArgumentException(
                "Retry backoffs must be positive, the maximum at least the initial one, the multiplier at least 1.",
                nameof(RetryInitialBackoff));
        }
    }

    [GeneratedRegex("^[A-Z0-9]{2,10}$")]
    private static partial Regex AgencyPattern();

    [GeneratedRegex("^[a-z0-9-]{1,40}$")]
    private static partial Regex SystemPattern();
}
