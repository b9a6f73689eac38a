using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Interop.Bench;

/// <summary>
/// The benchmark's own redis-server on a free loopback port, without persistence, so its hit counters
/// (<c>INFO stats</c>) count the hub's traffic only and nobody else's keys are touched.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string the hub is given.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList =
            {
                "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--save", string.Empty, "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning",
            },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var server = new RedisServer(process, port);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await server.TryPingAsync(cancellationToken))
            {
                return server;
            }

            await Task.Delay(100, cancellationToken);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"redis-server did not answer on port {port}.");
    }

    /// <summary>Lookups that found their key (GET, HGETALL, ...), from <c>INFO stats</c>.</summary>
    public async Task<long> KeyspaceHitsAsync(CancellationToken cancellationToken)
    {
        var info = await RedisCliAsync(["info", "stats"], cancellationToken);
        var line = info.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("keyspace_hits:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("redis-cli info stats printed no keyspace_hits.");
        return long.Parse(line["keyspace_hits:".Length..], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task<bool> TryPingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await RedisCliAsync(["ping"], cancellationToken)).Trim() == "PONG";
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private async Task<string> RedisCliAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("redis-cli")
        {
            ArgumentList = { "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-cli.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"redis-cli {string.Join(' ', arguments)} failed.");
    }
}
