using Interop.Hub.Caching;

namespace Interop.Hub.Tests.Caching;

public sealed class CacheOptionsValidatorTests
{
    private readonly CacheOptionsValidator _validator = new();

    [Fact]
    public void The_defaults_are_valid_and_have_no_second_level()
    {
        var options = new CacheOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.False(options.HasSecondLevel);
        Assert.True(options.FirstLevel.Enabled);
    }

    [Fact]
    public void Each_bad_setting_is_named_with_what_to_set()
    {
        var options = new CacheOptions
        {
            KeyPrefix = "a b",
            NegativeTtl = TimeSpan.Zero,
            Ttl = new CacheTtlOptions { Standing = TimeSpan.FromSeconds(-1) },
            FirstLevel = new FirstLevelCacheOptions { MaxEntries = 0 },
        };

        var failures = _validator.Validate(null, options).Failures!.ToList();

        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Cache:KeyPrefix", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cache:NegativeTtl must be positive", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cache:Ttl:Standing must be positive", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cache:FirstLevel:MaxEntries", StringComparison.Ordinal));
    }

    [Fact]
    public void A_first_level_turned_off_needs_no_size()
    {
        var options = new CacheOptions { FirstLevel = new FirstLevelCacheOptions { Enabled = false, MaxEntries = 0 } };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }
}
