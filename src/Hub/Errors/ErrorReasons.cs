namespace Interop.Hub.Errors;

/// <summary>
/// Stable machine-readable reasons carried in google.rpc.ErrorInfo (domain <see cref="Domain"/>).
/// Callers branch on these, so they never change meaning once published.
/// </summary>
public static class ErrorReasons
{
    public const string Domain = "interop.hub";

    public const string InvalidArgument = "INVALID_ARGUMENT";
    public const string ResourceNotFound = "RESOURCE_NOT_FOUND";
    public const string CallerIdentityMissing = "CALLER_IDENTITY_MISSING";
    public const string CallerIdentityMalformed = "CALLER_IDENTITY_MALFORMED";
    public const string CallerAgencyUnknown = "CALLER_AGENCY_UNKNOWN";
    public const string AgencyUnavailable = "AGENCY_UNAVAILABLE";
    public const string AgencyTimeout = "AGENCY_TIMEOUT";
    public const string DeadlineExceeded = "DEADLINE_EXCEEDED";
    public const string Cancelled = "CANCELLED";
    public const string Internal = "INTERNAL";
    public const string ExchangeLogUnavailable = "EXCHANGE_LOG_UNAVAILABLE";
    public const string HubDatabaseUnavailable = "HUB_DATABASE_UNAVAILABLE";
    public const string ExchangeNotYetLogged = "EXCHANGE_NOT_YET_LOGGED";
    public const string ExchangeLogAltered = "EXCHANGE_LOG_ALTERED";
    public const string ExchangeArchived = "EXCHANGE_ARCHIVED";
}
