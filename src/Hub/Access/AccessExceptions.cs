namespace Interop.Hub.Access;

/// <summary>The caller may not make this call; answered PERMISSION_DENIED with an ErrorInfo saying why and about what.</summary>
public sealed class AccessDeniedException(string reason, string message, params (string Key, string Value)[] metadata)
    : Exception(message)
{
    public string Reason { get; } = reason;

    public IReadOnlyList<(string Key, string Value)> Metadata { get; } = metadata;
}

/// <summary>
/// A grant's rate limit is used up for now, or a batch asks for more than it can ever allow; answered
/// RESOURCE_EXHAUSTED with QuotaFailure, and RetryInfo when waiting helps.
/// </summary>
public sealed class RateLimitExceededException : Exception
{
    public RateLimitExceededException(string grantName, string caller, string method, TimeSpan retryAfter)
        : base($"Rate limit of {grantName} reached for {caller} on {method}; retry in {retryAfter.TotalSeconds:0.###} s.")
    {
        (GrantName, Caller, Method, RetryAfter) = (grantName, caller, method, retryAfter);
    }

    /// <summary>A batch asking for more records than the grant's burst: no wait makes it pass (no RetryAfter).</summary>
    public RateLimitExceededException(string grantName, string caller, string method, int records, int burst)
        : base($"A batch of {records} records counts {records} calls against {grantName}, whose burst for {caller} is {burst}: "
            + $"split it into batches of at most {burst} names.")
    {
        (GrantName, Caller, Method) = (grantName, caller, method);
    }

    public string GrantName { get; }

    public string Caller { get; }

    public string Method { get; }

    /// <summary>When the tokens will be there; null when waiting cannot help.</summary>
    public TimeSpan? RetryAfter { get; }
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
