using System.Diagnostics;

namespace Interop.Bench;

/// <summary>
/// A log-linear latency histogram in the manner of HdrHistogram: exact below 256 ns, then 128 sub-buckets
/// per power of two (under 0.8% relative error), up to about 18 minutes. Fixed size, so recording never
/// allocates; one instance per load worker, merged at the end, or shared through <see cref="RecordAtomic"/>.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBucketHalf = 1 << SubBucketBits;
    private const int LinearBuckets = SubBucketHalf * 2;
    private const int MaxShift = 33;
    private const int BucketCount = LinearBuckets + (MaxShift * SubBucketHalf);

    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[BucketCount];

    /// <summary>Records one latency given in <see cref="Stopwatch"/> ticks.</summary>
    public void Record(long elapsedTicks)
    {
        _counts[IndexOf(ToNanoseconds(elapsedTicks))]++;
    }

    /// <summary>Records from several threads at once (the open-loop generator's completions).</summary>
    public void RecordAtomic(long elapsedTicks) => Interlocked.Increment(ref _counts[IndexOf(ToNanoseconds(elapsedTicks))]);

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }
    }

    /// <summary>The latency at or under which <paramref name="percentile"/> % of the calls completed, in milliseconds.</summary>
    public double PercentileMilliseconds(double percentile)
    {
        var total = _counts.Sum();
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(percentile / 100 * total);
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(rank, 1))
            {
                return UpperBoundNanoseconds(i) / 1e6;
            }
        }

        return UpperBoundNanoseconds(BucketCount - 1) / 1e6;
    }

    private static long ToNanoseconds(long ticks) => Math.Max(0, (long)(ticks * NanosecondsPerTick));

    private static int IndexOf(long nanoseconds)
    {
        if (nanoseconds < LinearBuckets)
        {
            return (int)nanoseconds;
        }

        var shift = (int)Math.Min(63 - long.LeadingZeroCount(nanoseconds) - SubBucketBits, MaxShift);
        var subBucket = Math.Min(nanoseconds >> shift, LinearBuckets - 1);
        return LinearBuckets + ((shift - 1) * SubBucketHalf) + (int)(subBucket - SubBucketHalf);
    }

    private static long UpperBoundNanoseconds(int index)
    {
        if (index < LinearBuckets)
        {
            return index;
        }

        var shift = ((index - LinearBuckets) / SubBucketHalf) + 1;
        var subBucket = ((index - LinearBuckets) % SubBucketHalf) + SubBucketHalf;
        return ((subBucket + 1) << shift) - 1;
    }
}
