using System.Diagnostics.CodeAnalysis;

namespace Interop.Hub.ExchangeLog;

/// <summary>
/// Text as the exchange log can store it. PostgreSQL's text cannot hold U+0000, which a caller can send in a header
/// or a request field, and the log records what refused callers declared too: one such record failed the whole
/// write it was in, at every retry, until the queue filled and the hub refused every call. The record itself holds
/// U+FFFD (the replacement character) in its place, so the leaf that is hashed and the row that is stored agree; the
/// request's digest still attests the bytes the caller sent.
/// </summary>
internal static class StorableText
{
    public const char Replacement = '\uFFFD';

    [return: NotNullIfNotNull(nameof(value))]
    public static string? Of(string? value) =>
        value is not null && value.Contains('\0') ? value.Replace('\0', Replacement) : value;

    public static IReadOnlyList<string>? Of(IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return null;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Contains('\0'))
            {
                return [.. values.Select(value => Of(value))];
            }
        }

        return values;
    }
}
