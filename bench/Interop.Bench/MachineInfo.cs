using System.Globalization;
using System.Runtime.InteropServices;

namespace Interop.Bench;

/// <summary>The machine the figures were measured on: they mean nothing without it.</summary>
/// <param name="LoadAverage">/proc/loadavg when the benchmark started: anything else running skews the figures.</param>
/// <param name="ThreadPoolSpinLimit">
/// DOTNET_ThreadPool_UnfairSemaphoreSpinLimit as every .NET process of the run inherits it (null: the runtime's default,
/// idle thread-pool workers spin before they sleep).
/// </param>
public sealed record MachineInfo(int Cores, string Cpu, string Memory, string Os, string Runtime, DateTimeOffset Date, string LoadAverage, string? ThreadPoolSpinLimit)
{
    public const string SpinLimitVariable = "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit";

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{Date:yyyy-MM-dd HH:mm} UTC, {Cores} cores ({Cpu}), {Memory} memory, {Os}, {Runtime}, load average {LoadAverage} at start");

    public static MachineInfo Describe() => new(
        Environment.ProcessorCount,
        ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        MemoryTotal(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        DateTimeOffset.UtcNow,
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown",
        Environment.GetEnvironmentVariable(SpinLimitVariable));

    private static string MemoryTotal()
    {
        var kilobytes = ProcField("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return long.TryParse(kilobytes, CultureInfo.InvariantCulture, out var kb)
            ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:0.0} GiB")
            : "unknown";
    }

    private static string? ProcField(string path, string field)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Where(line => line.StartsWith(field, StringComparison.Ordinal) && line.Contains(':', StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}
