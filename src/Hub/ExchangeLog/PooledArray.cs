using System.Buffers;

namespace Interop.Hub.ExchangeLog;

/// <summary>Growing the pooled buffers a write gathers into.</summary>
internal static class PooledArray
{
    /// <summary>
    /// Makes <paramref name="buffer"/> hold at least <paramref name="needed"/> items, keeping its first
    /// <paramref name="used"/>: a larger array from the shared pool (at least twice the size), the old one returned.
    /// </summary>
    public static void Grow<T>(ref T[] buffer, int needed, int used)
    {
        if (buffer.Length >= needed)
        {
            return;
        }

        var larger = ArrayPool<T>.Shared.Rent(Math.Max(buffer.Length * 2, needed));
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<T>.Shared.Return(buffer);
        buffer = larger;
    }
}
