namespace Interop.Hub.Validation;

/// <summary>
/// Text a caller writes freely (why a grant is revoked, who asked for a certificate, a subject to look for): it may
/// hold any letter, but no control character (Unicode's Cc: U+0000–U+001F, U+007F–U+009F). They have no place in a
/// reason or an id, they hide what a stored text says when it is read back, and PostgreSQL's text cannot hold U+0000.
/// </summary>
public static class FreeText
{
    public const string ControlCharacterProblem = "must not contain control characters";

    public static bool HasControlCharacters(ReadOnlySpan<char> text) =>
        text.ContainsAnyInRange('\0', '\x1F') || text.ContainsAnyInRange('\x7F', '\x9F');
}
