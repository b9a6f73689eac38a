using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Grpc.Core;

namespace Interop.Hub.ExchangeLog;

/// <summary>A SHA-256 digest held inline, so a record carries its digests without any allocation.</summary>
[InlineArray(Length)]
public struct Sha256Digest
{
    public const int Length = 32;

    private byte _element0;

    public static Sha256Digest From(ReadOnlySpan<byte> bytes)
    {
        var digest = default(Sha256Digest);
        bytes.CopyTo(digest);
        return digest;
    }

    public readonly byte[] ToArray() => ((ReadOnlySpan<byte>)this).ToArray();

    public readonly void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)this).CopyTo(destination);
}

/// <summary>
/// One call through the hub, as the exchange log stores it. A struct of references the call already holds
/// (strings, the subject list) and inline digests: queuing it allocates nothing. Its text is as the log can store it
/// (see <see cref="StorableText"/>).
/// </summary>
public readonly struct ExchangeRecord
{
    private static readonly string[] _noSubjects = [];

    public Guid ExchangeId { get; init; }

    /// <summary>UTC, truncated to microseconds (PostgreSQL's precision) so page tokens round-trip exactly.</summary>
    public DateTimeOffset StartTime { get; init; }

    /// <summary>Empty when the caller was not identified.</summary>
    public string CallerAgency { get; init => field = StorableText.Of(value); }

    public string CallerSystem { get; init => field = StorableText.Of(value); }

    /// <summary>Empty when the call reached no agency.</summary>
    public string ProviderAgency { get; init => field = StorableText.Of(value); }

    /// <summary>Full gRPC method, e.g. <c>/interop.employers.v1.EmployerRegistry/GetEmployer</c>.</summary>
    public string Method { get; init => field = StorableText.Of(value); }

    [AllowNull]
    public IReadOnlyList<string> SubjectIds { get => field ?? _noSubjects; init => field = StorableText.Of(value); }

    public StatusCode StatusCode { get; init; }

    public TimeSpan Latency { get; init; }

    public bool CacheHit { get; init; }

    public long RequestBytes { get; init; }

    public long ResponseBytes { get; init; }

    public Sha256Digest RequestSha256 { get; init; }

    public Sha256Digest ResponseSha256 { get; init; }

    /// <summary>The purpose code the caller declared; empty when absent.</summary>
    [AllowNull]
    public string Purpose { get => field ?? string.Empty; init => field = StorableText.Of(value); }

    /// <summary>The case reference the caller declared; empty when absent.</summary>
    [AllowNull]
    public string CaseReference { get => field ?? string.Empty; init => field = StorableText.Of(value); }

    /// <summary>The acting official's id; empty when absent.</summary>
    [AllowNull]
    public string OfficialId { get => field ?? string.Empty; init => field = StorableText.Of(value); }

    /// <summary>Whether <paramref name="agencyCode"/> took part in the exchange, as caller or provider.</summary>
    public bool Involves(string agencyCode) =>
        string.Equals(CallerAgency, agencyCode, StringComparison.Ordinal)
        || string.Equals(ProviderAgency, agencyCode, StringComparison.Ordinal);

    public static DateTimeOffset ToMicroseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    /// <summary>Truncated to microseconds, the precision the log keeps (and hashes) a latency with.</summary>
    public static TimeSpan ToMicroseconds(TimeSpan duration) =>
        TimeSpan.FromTicks(duration.Ticks - (duration.Ticks % TimeSpan.TicksPerMicrosecond));
}
