using System.CommandLine;
using Google.Protobuf;
using Grpc.Core;
using Interop.Client;
using Interop.Type.V1;
using Spectre.Console;

namespace Interop.Cli;

/// <summary>What a command's action works with: the parsed line, the hub connection and the outputs.</summary>
internal sealed class CommandContext(ParseResult parseResult, InteropChannel hub, bool json, IAnsiConsole console, TextWriter stdout)
{
    public ParseResult ParseResult { get; } = parseResult;

    public InteropChannel Hub { get; } = hub;

    /// <summary>True when the caller asked for <c>--json</c> instead of tables.</summary>
    public bool Json { get; } = json;

    public IAnsiConsole Console { get; } = console;

    public void WriteJson(IMessage message) => stdout.WriteLine(JsonOutput.Formatter.Format(message));

    public void WriteJson(string json) => stdout.WriteLine(json);

    /// <summary>Under a table: where the answer came from, so a human can quote the exchange to the hub's operators.</summary>
    public void WriteProvenance(Provenance? provenance, string? exchangeId)
    {
        var parts = new List<string>();
        if (provenance is not null)
        {
            parts.Add($"source {provenance.ProviderAgency}");
            if (provenance.SourceUpdateTime is not null)
            {
                parts.Add($"updated {Human.Timestamp(provenance.SourceUpdateTime)}");
            }

            if (provenance.FetchTime is not null)
            {
                parts.Add($"fetched {Human.Timestamp(provenance.FetchTime)}{(provenance.FromCache ? " from cache" : string.Empty)}");
            }
        }

        var exchange = string.IsNullOrEmpty(provenance?.ExchangeId) ? exchangeId : provenance.ExchangeId;
        if (!string.IsNullOrEmpty(exchange))
        {
            parts.Add($"exchange {exchange}");
        }

        if (parts.Count > 0)
        {
            Console.Write(new Text(string.Join(" · ", parts) + Environment.NewLine, new Style(Color.Grey)));
        }
    }

    /// <summary>Awaits a unary call and also returns the exchange id the hub sent in the response headers.</summary>
    /// <exception cref="RpcException">The call failed; <see cref="ErrorReport.ExchangeId"/> finds its exchange id.</exception>
    public static async Task<(TResponse Response, string? ExchangeId)> AnswerAsync<TResponse>(AsyncUnaryCall<TResponse> call)
    {
        using (call)
        {
            TResponse response;
            try
            {
                response = await call.ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException exception)
            {
                // The hub sends the exchange id in the headers before it fails a call; operators need it to find the exchange.
                ErrorReport.AttachExchangeId(exception, await TryReadExchangeIdAsync(call).ConfigureAwait(false));
                throw;
            }

            var headers = await call.ResponseHeadersAsync.ConfigureAwait(false);
            return (response, headers.GetValue(InteropClientOptions.ExchangeIdHeader));
        }
    }

    private static async Task<string?> TryReadExchangeIdAsync<TResponse>(AsyncUnaryCall<TResponse> call)
    {
        try
        {
            var headers = await call.ResponseHeadersAsync.ConfigureAwait(false);
            return headers.GetValue(InteropClientOptions.ExchangeIdHeader);
        }
        catch (RpcException)
        {
            // No headers arrived at all, e.g. the hub could not be reached.
            return null;
        }
    }
}
