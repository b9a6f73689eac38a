namespace Interop.Seeding;

/// <summary>
/// A small, fast pseudo-random generator (SplitMix64) whose sequence is fixed by its seed forever,
/// unlike System.Random whose algorithm may change between runtime versions.
/// Each entity gets its own stream (seed, stream, index), so any entity can be generated alone,
/// in any order, on any thread, and always comes out the same.
/// </summary>
public struct SeedRandom
{
    private ulong _state;

    public SeedRandom(int seed, string stream, long index)
    {
        _state = Mix((ulong)(uint)seed ^ ((ulong)StableHash(stream) << 32)) ^ Mix((ulong)index + 0x9E3779B97F4A7C15UL);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive) => (int)(NextUInt64() % (ulong)maxExclusive);

    /// <summary>Uniform in [minInclusive, maxExclusive).</summary>
    public int Next(int minInclusive, int maxExclusive) => minInclusive + Next(maxExclusive - minInclusive);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Picks an index according to cumulative weights (each entry the running total).</summary>
    public int PickWeighted(IReadOnlyList<int> cumulativeWeights)
    {
        var roll = Next(cumulativeWeights[^1]);
        for (var i = 0; i < cumulativeWeights.Count; i++)
        {
            if (roll < cumulativeWeights[i])
            {
                return i;
            }
        }

        return cumulativeWeights.Count - 1;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
