namespace Interop.Hub.Errors;

/// <summary>The agency's system did not answer within the hub's time limit for that agency.</summary>
public sealed class AgencyTimeoutException(string agencyCode, TimeSpan timeout)
    : Exception($"The {agencyCode} agency's system did not answer within {timeout.TotalSeconds:0.###} s; try again later.")
{
    public string AgencyCode { get; } = agencyCode;

    public TimeSpan Timeout { get; } = timeout;
}
