using System.ComponentModel.DataAnnotations;

namespace Interop.Hub.Access;

/// <summary>The hub's own limits on any caller, grant or not (configuration section "Limits").</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>
    /// Largest request message; a larger one is refused RESOURCE_EXHAUSTED before it is read. The default fits a full
    /// batch of employer names many times over.
    /// </summary>
    [Range(1024, 64 * 1024 * 1024, ErrorMessage = "Limits:MaxReceiveMessageBytes must be between 1 KiB and 64 MiB.")]
    public int MaxReceiveMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest answer message; a larger one fails RESOURCE_EXHAUSTED rather than being sent.</summary>
    [Range(64 * 1024, 256 * 1024 * 1024, ErrorMessage = "Limits:MaxSendMessageBytes must be between 64 KiB and 256 MiB.")]
    public int MaxSendMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Most names in one batch request (BatchGetEmployers); more is INVALID_ARGUMENT naming the field. The contract
    /// promises 1,000: an operator may only lower it.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Limits:MaxBatchSize must be between 1 and 1,000 (the contract's maximum).")]
    public int MaxBatchSize { get; set; } = 1000;
}
