using System.CommandLine;
using System.CommandLine.Help;

namespace Interop.Cli;

/// <summary>The <c>interop</c> command, runnable in-process: tests give it their writers and the test server's handler.</summary>
public static class CliApp
{
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="stdout">Where answers go: tables, or JSON with <c>--json</c>.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="handler">The HTTP handler to reach the hub through; a socket connection to the address when null.</param>
    /// <param name="environment">Reads environment variables; the process environment when null.</param>
    /// <param name="cancellationToken">Cancels the call in flight.</param>
    /// <returns>The exit code, see <see cref="ExitCodes"/>.</returns>
    public static Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        HttpMessageHandler? handler = null,
        Func<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        var session = new CliSession(new GlobalOptions(), stdout, stderr, handler, environment ?? Environment.GetEnvironmentVariable);
        var root = CreateRootCommand(session);

        // '@' starts a file of ids for batch-get, so response files are off.
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Errors.Count > 0 && parseResult.Action is not HelpAction)
        {
            foreach (var error in parseResult.Errors)
            {
                stderr.WriteLine($"error: {error.Message}");
            }

            stderr.WriteLine("Run 'interop --help' for usage.");
            return Task.FromResult(ExitCodes.Usage);
        }

        return parseResult.InvokeAsync(
            new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false },
            cancellationToken);
    }

    private static RootCommand CreateRootCommand(CliSession session)
    {
        var root = new RootCommand("Query the Interop Hub: employers, contribution standing, work permits and the directory of agencies.");
        foreach (var option in session.Globals.All)
        {
            root.Add(option);
        }

        root.Add(EmployersCommands.Create(session));
        root.Add(StandingCommands.Create(session));
        root.Add(PermitsCommands.Create(session));
        root.Add(DirectoryCommand.Create(session));
        root.Add(LogCommands.Create(session));
        root.Add(AccessCommands.Create(session));
        root.Add(CacheCommands.Create(session));
        root.Add(PkiCommands.Create(session));
        root.Add(CertificateCommands.Create(session));
        root.Add(HealthCommand.Create(session));
        return root;
    }
}
