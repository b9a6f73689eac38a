using Interop.Hub.Errors;

namespace Interop.Hub.Validation;

/// <summary>
/// Text a caller writes freely (why a grant is revoked, who asked for a certificate, a subject to look for): it may
/// hold any letter, but no control character (Unicode's Cc: U+0000–U+001F, U+007F–U+009F). They have no place in a
/// reason or an id, they hide what a stored text says when it is read back, and PostgreSQL's text cannot hold U+0000.
/// </summary>
public static class FreeText
{
    public const string ControlCharacterProblem = "must not contain control characters";

    /// <summary>Longest reason the hub keeps for an act (a grant revoked, a cache purged).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>A reason the hub keeps for an act, trimmed: 1 to <see cref="MaxReasonLength"/> characters, no control character.</summary>
    /// <param name="act">What the reason explains, e.g. "the grant is revoked".</param>
    /// <exception cref="RequestValidationException">The reason is missing, too long or holds a control character.</exception>
    public static string Reason(string field, string value, string act)
    {
        var reason = value.Trim();
        if (reason.Length is 0 or > MaxReasonLength)
        {
            throw RequestValidationException.ForField(field, $"must say why {act}, in 1 to {MaxReasonLength} characters");
        }

        return HasControlCharacters(reason) ? throw RequestValidationException.ForField(field, ControlCharacterProblem) : reason;
    }

    public static bool HasControlCharacters(ReadOnlySpan<char> text) =>
        text.ContainsAnyInRange('\0', '\x1F') || text.ContainsAnyInRange('\x7F', '\x9F');
}
