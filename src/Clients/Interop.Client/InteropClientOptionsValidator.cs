using Microsoft.Extensions.Options;

namespace Interop.Client;

/// <summary>Makes a misconfigured client fail when its options are first read, with every reason at once.</summary>
internal sealed class InteropClientOptionsValidator : IValidateOptions<InteropClientOptions>
{
    public ValidateOptionsResult Validate(string? name, InteropClientOptions options)
    {
        var errors = options.ValidationErrors();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
