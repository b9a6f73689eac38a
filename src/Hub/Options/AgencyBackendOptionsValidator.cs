using Microsoft.Extensions.Options;

namespace Interop.Hub.Options;

/// <summary>Fails start-up with a message that says exactly what to set.</summary>
public sealed class AgencyBackendOptionsValidator : IValidateOptions<AgencyBackendOptions>
{
    public ValidateOptionsResult Validate(string? name, AgencyBackendOptions options)
    {
        var failures = new List<string>();
        if (options.Mode is not null
            && !options.Mode.Equals("Sandbox", StringComparison.OrdinalIgnoreCase)
            && !options.Mode.Equals("Live", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{AgencyBackendOptions.Section}:Mode must be 'Sandbox' or 'Live' (was '{options.Mode}').");
        }

        if (!options.IsSandbox)
        {
            failures.AddRange(options.AllConnections
                .Where(c => string.IsNullOrWhiteSpace(c.Connection.ConnectionString))
                .Select(c => $"{c.Key} is not set: in Live mode every agency's database is required "
                    + $"(environment variable {c.Key.Replace(":", "__", StringComparison.Ordinal)}), or set {AgencyBackendOptions.Section}:Mode=Sandbox."));
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{AgencyBackendOptions.Section}:Timeout must be positive, e.g. 00:00:05.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
