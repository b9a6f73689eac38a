using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Interop.Bench;

/// <summary>
/// A server under test, run as its own process from its Release build (<c>dotnet some.dll</c>), configured
/// by environment variables, listening on 127.0.0.1 only; its output goes to a log file. Disposing stops it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private bool _logClosed;

    private ServerProcess(string name, Process process, StreamWriter log, string logPath, Uri address)
    {
        Name = name;
        _process = process;
        _log = log;
        LogPath = logPath;
        Address = address;
    }

    public string Name { get; }

    public Uri Address { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>How the process ended, for error messages.</summary>
    public string ExitDescription => _process.HasExited
        ? $"exit code {_process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
        : "still running";

    public static ServerProcess Start(string name, string dllPath, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        if (!File.Exists(dllPath))
        {
            throw new FileNotFoundException($"{name}: {dllPath} is missing (Release build not done?).", dllPath);
        }

        var port = FreeLoopbackPort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dllPath },
            WorkingDirectory = Path.GetDirectoryName(dllPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["Kestrel__Endpoints__Grpc__Url"] = address.ToString().TrimEnd('/');
        start.Environment["Kestrel__EndpointDefaults__Protocols"] = "Http2";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        Directory.CreateDirectory(logDirectory);
        var logPath = Path.Combine(logDirectory, $"{name}.log");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name}: could not start dotnet {dllPath}.");
        var server = new ServerProcess(name, process, log, logPath, address);
        process.OutputDataReceived += (_, e) => server.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>The last lines the server wrote, for error messages.</summary>
    public string Tail(int lines = 15)
    {
        using var reader = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var text = new StreamReader(reader);
        var all = text.ReadToEnd().Split('\n');
        return string.Join('\n', all.TakeLast(lines));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first: the hub's graceful shutdown flushes its exchange log.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        lock (_log)
        {
            _logClosed = true;
            _log.Dispose();
        }
    }

    private void WriteLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
