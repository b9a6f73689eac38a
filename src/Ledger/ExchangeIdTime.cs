namespace Interop.Ledger;

/// <summary>The time in an exchange id: the hub issues UUIDv7s made from each exchange's start time.</summary>
public static class ExchangeIdTime
{
    /// <returns>The millisecond the id was made from; null for an id that is not a UUIDv7, which the hub never issued.</returns>
    public static DateTimeOffset? Of(Guid exchangeId)
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

        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }
}
