using Google.Rpc;
using Grpc.Core;

namespace Interop.Hub.Errors;

/// <summary>One or more request fields are invalid; answered INVALID_ARGUMENT with a BadRequest detail.</summary>
public sealed class RequestValidationException(IReadOnlyList<BadRequest.Types.FieldViolation> violations)
    : Exception(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<BadRequest.Types.FieldViolation> Violations { get; } = violations;

    public static RequestValidationException ForField(string field, string description) =>
        new([new BadRequest.Types.FieldViolation { Field = field, Description = description }]);
}

/// <summary>The providing agency has no such record; answered NOT_FOUND with a ResourceInfo detail.</summary>
public sealed class ResourceNotFoundException(string resourceType, string resourceName)
    : Exception($"{resourceType} '{resourceName}' does not exist.")
{
    public string ResourceType { get; } = resourceType;

    public string ResourceName { get; } = resourceName;
}

/// <summary>The caller could not be identified or is not allowed in.</summary>
public sealed class CallerRejectedException(StatusCode statusCode, string reason, string message) : Exception(message)
{
    public StatusCode StatusCode { get; } = statusCode;

    public string Reason { get; } = reason;
}

/// <summary>An exchange that may still be on its way into the log (call running, record queued): retry shortly.</summary>
public sealed class ExchangeNotYetLoggedException(string exchangeName, TimeSpan retryAfter)
    : Exception($"{exchangeName} is not in the exchange log yet: an exchange is written shortly after it ends; try again in a moment.")
{
    public string ExchangeName { get; } = exchangeName;

    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>An exchange of a day whose log the operators moved out of the hub's database (<c>interop log archive</c>).</summary>
public sealed class ExchangeArchivedException(string exchangeName, DateOnly day)
    : Exception($"{exchangeName} would be in the exchange log of {day:yyyy-MM-dd}, a day the hub's operators have archived out of its database: "
        + "the hub no longer serves it; ask them for its record or receipt from the archive (interop log archive-receipt), and a receipt given earlier still verifies offline.")
{
    public string ExchangeName { get; } = exchangeName;

    public DateOnly Day { get; } = day;
}

/// <summary>The log's record of an exchange no longer matches the checkpoint that sealed it: no receipt can prove it.</summary>
public sealed class ExchangeLogAlteredException(string exchangeName)
    : Exception($"The exchange log's record of {exchangeName} no longer matches its signed checkpoint, so the hub cannot give a receipt "
        + "for it; the hub's operators have to run `interop log verify`.")
{
    public string ExchangeName { get; } = exchangeName;
}
