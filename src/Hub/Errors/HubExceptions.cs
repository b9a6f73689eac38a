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
