using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interop.Hub.Caching;

/// <summary>Fails start-up with a message that says exactly what to set.</summary>
public sealed class CacheOptionsValidator : IValidateOptions<CacheOptions>
{
    public ValidateOptionsResult Validate(string? name, CacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.HasSecondLevel)
        {
            try
            {
                ConfigurationOptions.Parse(options.Redis!);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{CacheOptions.Section}:Redis is not a valid Redis configuration (e.g. 127.0.0.1:6379): {ex.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.Any(c => char.IsWhiteSpace(c) || c == ':'))
        {
            failures.Add($"{CacheOptions.Section}:KeyPrefix must be a non-empty word without spaces or ':' (was '{options.KeyPrefix}').");
        }

        RequirePositive(failures, "RedisTimeout", options.RedisTimeout, "00:00:00.250");
        RequirePositive(failures, "Ttl:Employers", options.Ttl.Employers, "00:10:00");
        RequirePositive(failures, "Ttl:Standing", options.Ttl.Standing, "00:02:00");
        RequirePositive(failures, "Ttl:Permits", options.Ttl.Permits, "00:05:00");
        RequirePositive(failures, "NegativeTtl", options.NegativeTtl, "00:00:10");
        if (options.FirstLevel.Enabled && options.FirstLevel.MaxEntries < 1)
        {
            failures.Add($"{CacheOptions.Section}:FirstLevel:MaxEntries must be at least 1 (was {options.FirstLevel.MaxEntries}), or set {CacheOptions.Section}:FirstLevel:Enabled=false.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string key, TimeSpan value, string example)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{CacheOptions.Section}:{key} must be positive, e.g. {example} (was {value}).");
        }
    }
}
