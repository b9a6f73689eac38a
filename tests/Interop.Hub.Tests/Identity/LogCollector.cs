using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Interop.Hub.Tests.Identity;

/// <summary>Keeps every log record the hub writes, so tests can check that a refusal was logged and why.</summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> _records = new();

    public IReadOnlyCollection<LogRecord> Records => _records;

    /// <summary>Waits (a few seconds at most) for a record: the server may log a refused handshake after the client gave up.</summary>
    public async Task<LogRecord> WaitForAsync(int eventId, string containing)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            var record = _records.FirstOrDefault(r => r.EventId == eventId && r.Message.Contains(containing, StringComparison.Ordinal));
            if (record is not null)
            {
                return record;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No log record {eventId} containing '{containing}'.");
            await Task.Delay(20);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _records);

    public void Dispose()
    {
    }

    public sealed record LogRecord(string Category, int EventId, LogLevel Level, string Message);

    private sealed class Logger(string category, ConcurrentQueue<LogRecord> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            records.Enqueue(new LogRecord(category, eventId.Id, logLevel, formatter(state, exception)));
    }
}
