namespace Interop.Hub.Access;

/// <summary>The caller may not make this call; answered PERMISSION_DENIED with an ErrorInfo saying why and about what.</summary>
public sealed class AccessDeniedException(string reason, string message, params (string Key, string Value)[] metadata)
    : Exception(message)
{
    public string Reason { get; } = reason;

    public IReadOnlyList<(string Key, string Value)> Metadata { get; } = metadata;
}

/// <summary>A grant's rate limit is used up for now; answered RESOURCE_EXHAUSTED with RetryInfo and QuotaFailure.</summary>
public sealed class RateLimitExceededException(string grantName, string caller, string method, TimeSpan retryAfter)
    : Exception($"Rate limit of {grantName} reached for {caller} on {method}; retry in {retryAfter.TotalSeconds:0.###} s.")
{
    public string GrantName { get; } = grantName;

    public string Caller { get; } = caller;

    public string Method { get; } = method;

    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// The instance has not read the access grants yet (the hub's database did not answer since it started), so it cannot
/// tell whether the call is allowed: the hub's failure, not the caller's; answered UNAVAILABLE with RetryInfo.
/// </summary>
public sealed class AccessGrantsUnavailableException()
    : Exception("The hub cannot read its access grants yet (its database does not answer), so it cannot tell what you may call; try again shortly.");

/// <summary>The resource is not in the state the request needs; answered FAILED_PRECONDITION with PreconditionFailure.</summary>
public sealed class PreconditionFailedException(string reason, string subject, string message) : Exception(message)
{
    public string Reason { get; } = reason;

    public string Subject { get; } = subject;
}

/// <summary>A resource with the requested name exists already; answered ALREADY_EXISTS with ResourceInfo.</summary>
public sealed class ResourceExistsException(string reason, string resourceType, string resourceName)
    : Exception($"{resourceType} '{resourceName}' already exists.")
{
    public string Reason { get; } = reason;

    public string ResourceType { get; } = resourceType;

    public string ResourceName { get; } = resourceName;
}
