using System.Globalization;

namespace Interop.Bench;

/// <summary>What one run observed besides its load figures: Redis lookups that hit, rows added to the hub's database.</summary>
public sealed record SideEffects(long RedisHits, long LogRows);

/// <summary>Whether a run measured what its label says, and what it saw.</summary>
public sealed record Verdict(bool Verified, string Notes)
{
    private const double CacheFraction = 0.99;

    public static Verdict Of(Scenario scenario, LoadResult load, SideEffects? sideEffects)
    {
        var problems = new List<string>();
        var seen = new List<string>();
        if (load.Failures > 0)
        {
            problems.Add($"{load.Failures:N0} failed calls (first: {load.FirstFailure})");
        }

        if (load.NotSent > 0)
        {
            problems.Add($"could not keep up with the rate ({load.NotSent:N0} calls not sent: {LoadGenerator.MaxUnansweredOpenLoop:N0} already due and unanswered)");
        }

        var calls = load.CompletedIncludingWarmUp;
        var fromCache = load.FromCacheFraction.ToString("P1", CultureInfo.InvariantCulture);
        switch (scenario.Cache)
        {
            case CacheExpectation.FirstLevelHit:
                if (load.FromCacheFraction < CacheFraction)
                {
                    problems.Add($"not a cache hit (from_cache on {fromCache} of answers)");
                }
                else if (sideEffects!.RedisHits > calls / 20)
                {
                    problems.Add($"not a first-level hit ({sideEffects.RedisHits:N0} Redis hits for {calls:N0} calls)");
                }
                else
                {
                    seen.Add($"from_cache {fromCache}, {sideEffects.RedisHits:N0} Redis hits");
                }

                break;
            case CacheExpectation.RedisHit:
                if (load.FromCacheFraction < CacheFraction)
                {
                    problems.Add($"not a cache hit (from_cache on {fromCache} of answers)");
                }
                // Concurrent calls for one key share one Redis read (single flight), so hits are fewer than calls;
                // a first level answering instead would leave almost none.
                else if (sideEffects!.RedisHits < calls / 4)
                {
                    problems.Add($"not a Redis hit (only {sideEffects.RedisHits:N0} Redis hits for {calls:N0} calls: first level still on?)");
                }
                else
                {
                    seen.Add($"from_cache {fromCache}, {sideEffects.RedisHits:N0} Redis hits for {calls:N0} calls (concurrent calls for a key share one read)");
                }

                break;
            case CacheExpectation.Miss:
                if (load.FromCache > 0)
                {
                    problems.Add($"not a miss (from_cache on {fromCache} of answers)");
                }
                else
                {
                    seen.Add("no answer from cache");
                }

                break;
            case CacheExpectation.None:
                break;
        }

        switch (scenario.Log)
        {
            case LogExpectation.On when sideEffects!.LogRows == 0:
                problems.Add("exchange log not recording (0 rows in the hub database)");
                break;
            case LogExpectation.On when sideEffects.LogRows < calls:
                problems.Add($"exchange log incomplete ({sideEffects.LogRows:N0} rows for {calls:N0} calls)");
                break;
            case LogExpectation.On:
                seen.Add($"{sideEffects.LogRows:N0} log rows for {calls:N0} calls");
                break;
            case LogExpectation.Off when sideEffects!.LogRows != 0:
                problems.Add($"exchange log still recording with ExchangeLog:Enabled=false ({sideEffects.LogRows:N0} rows)");
                break;
            case LogExpectation.Off:
                seen.Add("0 log rows");
                break;
            case LogExpectation.None:
                break;
        }

        return problems.Count == 0
            ? new Verdict(true, string.Join("; ", seen))
            : new Verdict(false, string.Join("; ", problems));
    }
}
