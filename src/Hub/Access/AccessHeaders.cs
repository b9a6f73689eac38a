namespace Interop.Hub.Access;

/// <summary>What a caller declares with each call to a granted method, and the form each value must have.</summary>
public static class AccessHeaders
{
    /// <summary>Why the caller asks: one of the configured purpose codes, e.g. <c>WORK_PERMIT_APPLICATION</c>. Required.</summary>
    public const string Purpose = "x-interop-purpose";

    /// <summary>The file or application number that justifies the call, e.g. <c>WP-2026-000123</c>. Required.</summary>
    public const string CaseReference = "x-interop-case";

    /// <summary>The acting official's id within the calling agency. Optional.</summary>
    public const string OfficialId = "x-interop-official";

    public const int MaxLength = 64;

    public const string FormDescription = "1-64 of A-Z a-z 0-9 and . _ / : -, starting with a letter or digit";

    /// <summary>
    /// Case references and official ids: agencies number their files in their own ways, so the form is loose; it only
    /// keeps out what could not be a file number (spaces, control characters, very long values) from the log.
    /// </summary>
    public static bool IsWellFormed(string value)
    {
        if (value.Length is 0 or > MaxLength || !char.IsAsciiLetterOrDigit(value[0]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '/' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
