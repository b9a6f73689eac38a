using System.CommandLine;
using Grpc.Core;
using Interop.Client;
using Microsoft.Extensions.Options;

namespace Interop.Cli;

/// <summary>
/// One run of the CLI: its outputs, its environment and the HTTP handler to reach the hub through. It turns a
/// command's body into an action that connects to the hub and maps every failure to an exit code.
/// </summary>
internal sealed class CliSession(
    GlobalOptions globals,
    TextWriter stdout,
    TextWriter stderr,
    HttpMessageHandler? handler,
    Func<string, string?> environment)
{
    public GlobalOptions Globals { get; } = globals;

    public Func<ParseResult, CancellationToken, Task<int>> Action(Func<CommandContext, CancellationToken, Task<int>> body) =>
        async (parseResult, cancellationToken) =>
        {
            var json = parseResult.GetValue(Globals.Json);
            InteropClientOptions? options = null;
            try
            {
                options = ClientOptions(parseResult);
                using var hub = InteropChannel.Create(options, handler);
                return await body(new CommandContext(parseResult, hub, json, Human.Console(stdout), stdout), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (UsageException exception)
            {
                await stderr.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            catch (RpcException exception)
            {
                ErrorReport.Write(exception, stderr, json);
                if (!json && exception.StatusCode == StatusCode.Unauthenticated && options?.Caller is null
                    && options?.ClientCertificate is null)
                {
                    await stderr.WriteLineAsync(
                        $"  hint: say who you are with --caller AGENCY/system or {GlobalOptions.CallerVariable}").ConfigureAwait(false);
                }

                if (!json && exception.StatusCode == StatusCode.Unavailable && exception.GetRpcStatus() is null && options is not null)
                {
                    // No google.rpc.Status: the hub did not answer at all (it answers its own UNAVAILABLE with one).
                    await stderr.WriteLineAsync(
                        $"  hint: no hub answered at {options.Address}; is it running? Point to it with --address URL or {GlobalOptions.AddressVariable}")
                        .ConfigureAwait(false);
                }

                if (!json && Hint(exception) is { } hint)
                {
                    await stderr.WriteLineAsync($"  hint: {hint}").ConfigureAwait(false);
                }

                return ExitCodes.ForStatus(exception.StatusCode);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        };

    private InteropClientOptions ClientOptions(ParseResult parseResult)
    {
        var addressText = parseResult.GetValue(Globals.Address) ?? environment(GlobalOptions.AddressVariable);
        var options = new InteropClientOptions();
        if (!string.IsNullOrWhiteSpace(addressText))
        {
            if (!Uri.TryCreate(addressText.Trim(), UriKind.Absolute, out var address))
            {
                throw new UsageException($"The hub address '{addressText}' is not an absolute URI such as http://localhost:5080.");
            }

            options.Address = address;
        }

        if (parseResult.GetValue(Globals.Timeout) is { } seconds)
        {
            options.DefaultDeadline = TimeSpan.FromSeconds(seconds);
        }

        try
        {
            // Without a caller the call still goes out: the hub's UNAUTHENTICATED answer is the authoritative one.
            options.Caller = (parseResult.GetValue(Globals.Caller) ?? environment(GlobalOptions.CallerVariable))?.Trim();
            options.Purpose = Setting(parseResult, Globals.Purpose, GlobalOptions.PurposeVariable);
            options.CaseReference = Setting(parseResult, Globals.Case, GlobalOptions.CaseVariable);
            options.OfficialId = Setting(parseResult, Globals.Official, GlobalOptions.OfficialVariable);
            CliCertificates.Apply(parseResult, Globals, environment, options);
            options.Validate();
        }
        catch (OptionsValidationException exception)
        {
            throw new UsageException(string.Join(" ", exception.Failures));
        }

        return options;
    }

    /// <summary>What to do about a refusal for want of what the CLI's options say.</summary>
    private static string? Hint(RpcException exception) =>
        exception.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason switch
        {
            "PURPOSE_MISSING" or "PURPOSE_UNKNOWN" or "PURPOSE_NOT_GRANTED" =>
                $"say why you ask with --purpose CODE or {GlobalOptions.PurposeVariable}; 'interop directory' lists the purposes you are granted",
            "CASE_REFERENCE_MISSING" or "CASE_REFERENCE_MALFORMED" =>
                $"give the file or application number with --case REFERENCE or {GlobalOptions.CaseVariable}",
            _ => null,
        };

    /// <summary>An option's value, else its environment variable's; null when neither is set or both are blank.</summary>
    private string? Setting(ParseResult parseResult, Option<string> option, string variable) =>
        (parseResult.GetValue(option) ?? environment(variable))?.Trim() is { Length: > 0 } value ? value : null;
}
