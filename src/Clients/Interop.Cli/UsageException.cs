namespace Interop.Cli;

/// <summary>A mistake on the command line that the parser could not catch; the CLI exits with <see cref="ExitCodes.Usage"/>.</summary>
public sealed class UsageException(string message) : Exception(message);
