namespace Interop.Hub.Options;

/// <summary>
/// A setting the hub cannot start with, found while building its services (a key file that cannot be read, say):
/// the message names the setting and says what it must hold. Like an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>,
/// it stops the hub at start-up with that message alone (see <c>HubStartupExtensions</c>).
/// </summary>
public sealed class HubConfigurationException(string message, Exception? innerException = null)
    : InvalidOperationException(message, innerException);
