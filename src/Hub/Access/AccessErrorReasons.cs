namespace Interop.Hub.Access;

/// <summary>
/// The google.rpc.ErrorInfo reasons (domain <see cref="Errors.ErrorReasons.Domain"/>) of access refusals and of the
/// grant administration. Stable once published.
/// </summary>
public static class AccessErrorReasons
{
    public const string PurposeMissing = "PURPOSE_MISSING";
    public const string PurposeUnknown = "PURPOSE_UNKNOWN";
    public const string CaseReferenceMissing = "CASE_REFERENCE_MISSING";
    public const string CaseReferenceMalformed = "CASE_REFERENCE_MALFORMED";
    public const string OfficialIdMalformed = "OFFICIAL_ID_MALFORMED";
    public const string AccessNotGranted = "ACCESS_NOT_GRANTED";
    public const string PurposeNotGranted = "PURPOSE_NOT_GRANTED";
    public const string RateLimited = "RATE_LIMITED";
    public const string GrantNotManaged = "GRANT_NOT_MANAGED";
    public const string GrantRevoked = "GRANT_REVOKED";
    public const string GrantExists = "GRANT_ALREADY_EXISTS";
    public const string GrantsUnavailable = "ACCESS_GRANTS_UNAVAILABLE";
    public const string CachePurgeNotAllowed = "CACHE_PURGE_NOT_ALLOWED";
}
