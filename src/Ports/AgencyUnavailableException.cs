namespace Interop.Ports;

/// <summary>
/// Thrown by an adapter when its agency's system cannot be reached or failed to answer.
/// The hub answers UNAVAILABLE: the caller may retry later.
/// </summary>
public sealed class AgencyUnavailableException(string agencyCode, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public string AgencyCode { get; } = agencyCode;
}
