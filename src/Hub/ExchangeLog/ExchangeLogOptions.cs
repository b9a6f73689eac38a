using System.ComponentModel.DataAnnotations;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// The exchange log (configuration section "ExchangeLog"). With a connection string the log goes to the hub's
/// PostgreSQL database; without one (the sandbox) it stays in memory, bounded to the last records.
/// </summary>
public sealed class ExchangeLogOptions
{
    public const string Section = "ExchangeLog";

    public const int DefaultBatchSize = 2_000;

    /// <summary>Npgsql connection string of the hub's own database; unset keeps the log in memory.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PEM file of the ECDSA P-256 private key the hub signs checkpoints with (required in Live mode); the sandbox
    /// generates one at start. Make one with <c>openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt</c>.
    /// </summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>
    /// PEM files of the keys the hub signed checkpoints with before its current one (the public key is enough): after a
    /// key change, ListSigningKeys still publishes them, so older receipts and checkpoints keep verifying.
    /// </summary>
    public List<string> RetiredKeyPaths { get; set; } = [];

    /// <summary>
    /// How long after it started an exchange missing from the log may still be on its way (its call still running,
    /// or its record in the queue): its receipt is then UNAVAILABLE (retry), not NOT_FOUND.
    /// </summary>
    public TimeSpan ReceiptPendingWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Off only to measure what the log costs: calls are then served without any record.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Calls in progress plus records not yet written; beyond it calls wait, or are refused while the database is down.</summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 50_000;

    /// <summary>Most records sealed by one checkpoint and summed up in one batch row: a query reads a batch's rows whole.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>
    /// Most records the writer stores in one transaction (one COPY, a checkpoint for each batch): PostgreSQL's COPY
    /// costs less per row the more rows it carries.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxRecordsPerWrite { get; set; } = 10_000;

    /// <summary>
    /// How long a write gathers records, from its first, before it is written (sooner when it is full): under load,
    /// the longer, the larger (and cheaper per record) the write.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often the writer writes the chain's head (checkpoint sequence and chain hash) to the hub's log, event 3030,
    /// for operators to keep outside the hub: checked with <c>interop log verify --head</c>, a kept head exposes a log
    /// whose last checkpoints were deleted together with their rows. The head the hub stops on is always written.
    /// </summary>
    public TimeSpan HeadLogInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest wait between two attempts while the database is unreachable.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many records the in-memory log keeps (the oldest go first).</summary>
    [Range(1, 10_000_000)]
    public int InMemoryCapacity { get; set; } = 100_000;

    /// <summary>How many daily partitions the writer creates ahead of today.</summary>
    [Range(1, 366)]
    public int PartitionsAhead { get; set; } = 3;

    public bool UsesDatabase => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <returns>What is wrong with the time settings, if anything.</returns>
    public IEnumerable<string> TimeProblems()
    {
        if (FlushInterval < TimeSpan.Zero || FlushInterval > TimeSpan.FromSeconds(10))
        {
            yield return $"{Section}:{nameof(FlushInterval)} must be between 0 and 10 seconds (was {FlushInterval}).";
        }

        if (HeadLogInterval < TimeSpan.FromSeconds(1) || HeadLogInterval > TimeSpan.FromDays(1))
        {
            yield return $"{Section}:{nameof(HeadLogInterval)} must be between 1 second and 1 day (was {HeadLogInterval}).";
        }

        if (MaxRetryDelay <= TimeSpan.Zero || MaxRetryDelay > TimeSpan.FromMinutes(5))
        {
            yield return $"{Section}:{nameof(MaxRetryDelay)} must be more than 0 and at most 5 minutes (was {MaxRetryDelay}).";
        }

        if (ReceiptPendingWindow < TimeSpan.FromSeconds(1) || ReceiptPendingWindow > TimeSpan.FromDays(1))
        {
            yield return $"{Section}:{nameof(ReceiptPendingWindow)} must be between 1 second and 1 day (was {ReceiptPendingWindow}).";
        }
    }
}
