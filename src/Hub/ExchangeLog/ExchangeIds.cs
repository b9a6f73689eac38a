using Interop.Ledger;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// Exchange ids are UUIDv7 made from the exchange's own start time, so an id says (to the millisecond) when its
/// exchange started: a lookup by id bounds the start time, which prunes the log's daily partitions and lets the
/// agency/time indexes answer without an index on the id.
/// </summary>
public static class ExchangeIds
{
    private const int RandomBytes = 10;
    private const int RandomBufferSize = 4096;

    /// <summary>
    /// Random bytes drawn from the system's CSPRNG a page at a time: <see cref="Guid.CreateVersion7(DateTimeOffset)"/>
    /// asks the kernel for each id, a system call on every call through the hub.
    /// </summary>
    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_randomUsed;

    /// <summary>A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, 74 random bits, RFC variant.</summary>
    public static Guid New(DateTimeOffset startTime)
    {
        var random = NextRandom();
        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = startTime.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)milliseconds;
            milliseconds >>= 8;
        }

        bytes[6] = (byte)(0x70 | (random[0] & 0x0F));
        bytes[7] = random[1];
        bytes[8] = (byte)(0x80 | (random[2] & 0x3F));
        random[3..].CopyTo(bytes[9..]);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// The start times an id of the hub can have: the millisecond in the id (start times keep microseconds, so up
    /// to the next millisecond). Null for an id that is not a UUIDv7, which the hub never issued.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To)? StartWindow(Guid exchangeId)
    {
        if (ExchangeIdTime.Of(exchangeId) is not { } from)
        {
            return null;
        }

        return (from, from.AddMilliseconds(1));
    }

    private static ReadOnlySpan<byte> NextRandom()
    {
        var buffer = t_random ??= new byte[RandomBufferSize];
        if (t_randomUsed == 0 || t_randomUsed + RandomBytes > buffer.Length)
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(buffer);
            t_randomUsed = 0;
        }

        var random = buffer.AsSpan(t_randomUsed, RandomBytes);
        t_randomUsed += RandomBytes;
        return random;
    }
}
