using System.Diagnostics.Metrics;

namespace Interop.Hub.ExchangeLog;

/// <summary>The exchange log's instruments (meter <see cref="MeterName"/>).</summary>
public sealed class ExchangeLogMetrics
{
    public const string MeterName = "Interop.Hub.ExchangeLog";

    private readonly Counter<long> _written;
    private readonly Counter<long> _writeFailures;
    private readonly Counter<long> _refused;

    public ExchangeLogMetrics(IMeterFactory meterFactory, ExchangeLogQueue queue)
    {
        var meter = meterFactory.Create(MeterName);
        _written = meter.CreateCounter<long>("interop.exchange_log.records_written", "{record}", "Records stored in the exchange log.");
        _writeFailures = meter.CreateCounter<long>("interop.exchange_log.write_failures", "{attempt}", "Failed attempts to store a batch.");
        _refused = meter.CreateCounter<long>(
            "interop.exchange_log.calls_refused", "{call}", "Calls refused because the exchange log could not record them.");
        meter.CreateObservableGauge(
            "interop.exchange_log.queue_depth", () => queue.Depth, "{record}", "Calls in progress and records not yet stored.");
        meter.CreateObservableGauge(
            "interop.exchange_log.store_available", () => queue.StoreAvailable ? 1 : 0, null, "1 while the log's database takes records.");
    }

    public void Written(int count) => _written.Add(count);

    public void WriteFailed() => _writeFailures.Add(1);

    public void Refused() => _refused.Add(1);
}
