using System.Diagnostics;
using Grpc.Core;
using Interop.Employers.V1;

namespace Interop.Bench.Echo;

/// <summary>
/// Answers every GetEmployer with one prebuilt response, whatever the request; as E's twin, after spending a fixed
/// extra time on the core first.
/// </summary>
public sealed class EchoEmployerRegistry(GetEmployerResponse response, TimeSpan extraCpu) : EmployerRegistry.EmployerRegistryBase
{
    /// <summary>Configuration key of the response to serve: a serialized GetEmployerResponse, base64.</summary>
    public const string ResponseKey = "Echo:Response";

    /// <summary>
    /// Configuration key of the microseconds each call spins on its thread before answering (default 0): a server that
    /// does nothing but costs more CPU a call, to see what a given cost does to throughput and p99 on this machine.
    /// </summary>
    public const string ExtraCpuKey = "Echo:ExtraCpuMicroseconds";

    private readonly long _extraTicks = (long)(extraCpu.TotalSeconds * Stopwatch.Frequency);

    public static EchoEmployerRegistry FromConfiguration(IConfiguration configuration)
    {
        var base64 = configuration[ResponseKey]
            ?? throw new InvalidOperationException($"{ResponseKey} must hold a serialized GetEmployerResponse (base64).");
        var micros = configuration.GetValue<double>(ExtraCpuKey);
        if (micros is < 0 or > 1_000_000)
        {
            throw new InvalidOperationException($"{ExtraCpuKey} must be between 0 and 1,000,000 microseconds, not {micros}.");
        }

        return new EchoEmployerRegistry(GetEmployerResponse.Parser.ParseFrom(Convert.FromBase64String(base64)), TimeSpan.FromMicroseconds(micros));
    }

    public override Task<GetEmployerResponse> GetEmployer(GetEmployerRequest request, ServerCallContext context)
    {
        if (_extraTicks > 0)
        {
            var until = Stopwatch.GetTimestamp() + _extraTicks;
            while (Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(8);
            }
        }

        return Task.FromResult(response);
    }
}
