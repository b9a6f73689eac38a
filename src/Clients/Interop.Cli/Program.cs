namespace Interop.Cli;

/// <summary>
/// The entry point of <c>interop</c>. Declared in a namespace rather than with top-level statements so that it does
/// not clash with the hub's global <c>Program</c> in tests that host both.
/// </summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => CliApp.RunAsync(args, Console.Out, Console.Error);
}
