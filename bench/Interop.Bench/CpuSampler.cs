using System.Globalization;

namespace Interop.Bench;

/// <summary>
/// How much of the machine's CPU went to processes other than the load client and the server under test
/// during a run (/proc/stat against /proc/[pid]/stat). On a shared machine this says which figures to trust:
/// PostgreSQL and Redis count as others, so a cache-miss run shows its database work there too. Also the CPU time
/// each call cost the server and the whole machine: steadier than throughput when neighbours on the host take
/// the cores away for a while, since time they take is not counted. And the share of the cores the hypervisor gave
/// to other virtual machines while this one had work (steal): the host's own measure of how disturbed a run was.
/// </summary>
public sealed class CpuSampler
{
    /// <summary>Linux's USER_HZ: /proc counts CPU time in hundredths of a second.</summary>
    private const double TicksPerSecond = 100;

    private readonly int[] _ownProcesses;
    private readonly int _server;
    private readonly long _machineBusy;
    private readonly long _machineTotal;
    private readonly long _machineStolen;
    private readonly long _own;
    private readonly long _serverTicks;

    private CpuSampler(int[] ownProcesses, int server)
    {
        _ownProcesses = ownProcesses;
        _server = server;
        (_machineBusy, _machineTotal, _machineStolen) = Machine();
        _own = Own(ownProcesses);
        _serverTicks = Own([server]);
    }

    public static CpuSampler Start(int server) => new([Environment.ProcessId, server], server);

    /// <summary>Microseconds of CPU per call since <see cref="Start"/>: the server's, and every process's together.</summary>
    public CpuPerCall PerCall(long calls)
    {
        if (calls <= 0)
        {
            return new CpuPerCall(double.NaN, double.NaN);
        }

        var micros = 1e6 / TicksPerSecond / calls;
        return new CpuPerCall((Own([_server]) - _serverTicks) * micros, (Machine().Busy - _machineBusy) * micros);
    }

    /// <summary>Share of all cores used by other processes since <see cref="Start"/>, 0 to 1; NaN where /proc is missing.</summary>
    public double OthersShare()
    {
        var (busy, total, _) = Machine();
        if (total <= _machineTotal)
        {
            return double.NaN;
        }

        var others = (busy - _machineBusy) - (Own(_ownProcesses) - _own);
        return Math.Clamp((double)others / (total - _machineTotal), 0, 1);
    }

    /// <summary>Share of all cores' time stolen by the hypervisor since <see cref="Start"/>, 0 to 1; NaN where /proc is missing.</summary>
    public double StolenShare()
    {
        var (_, total, stolen) = Machine();
        return total <= _machineTotal ? double.NaN : Math.Clamp((double)(stolen - _machineStolen) / (total - _machineTotal), 0, 1);
    }

    /// <summary>
    /// Clock ticks of all cores together: busy in this machine (user, nice, system, irq, softirq), in all, and stolen
    /// (this machine had work, the hypervisor ran another).
    /// </summary>
    private static (long Busy, long Total, long Stolen) Machine()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0, 0);
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        var idle = fields[3] + fields[4];
        var stolen = fields[7];
        return (total - idle - stolen, total, stolen);
    }

    private static long Own(int[] processes)
    {
        long ticks = 0;
        foreach (var pid in processes)
        {
            var path = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
            try
            {
                // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
                var stat = File.ReadAllText(path);
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended: its ticks are gone from both samples' view; nothing to add.
            }
        }

        return ticks;
    }
}

/// <param name="ServerMicros">CPU time of the server under test per call, in microseconds.</param>
/// <param name="MachineMicros">CPU time of every process on the machine per call (load client, PostgreSQL, Redis included).</param>
public readonly record struct CpuPerCall(double ServerMicros, double MachineMicros);
