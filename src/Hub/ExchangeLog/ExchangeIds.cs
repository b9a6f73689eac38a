namespace Interop.Hub.ExchangeLog;

/// <summary>
/// Exchange ids are UUIDv7 made from the exchange's own start time, so an id says (to the millisecond) when its
/// exchange started: a lookup by id bounds the start time, which prunes the log's daily partitions and lets the
/// agency/time indexes answer without an index on the id.
/// </summary>
public static class ExchangeIds
{
    public static Guid New(DateTimeOffset startTime) => Guid.CreateVersion7(startTime);

    /// <summary>
    /// The start times an id of the hub can have: the millisecond in the id (start times keep microseconds, so up
    /// to the next millisecond). Null for an id that is not a UUIDv7, which the hub never issued.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To)? StartWindow(Guid exchangeId)
    {
        if (exchangeId.Version != 7)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[16];
        exchangeId.TryWriteBytes(bytes, bigEndian: true, out _);
        long milliseconds = 0;
        for (var i = 0; i < 6; i++)
        {
            milliseconds = (milliseconds << 8) | bytes[i];
        }

        var from = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return (from, from.AddMilliseconds(1));
    }
}
