using System.Buffers.Text;
using System.Text;
using Interop.Hub.Errors;

namespace Interop.Hub.Validation;

/// <summary>
/// Opaque page tokens (AIP-158): the position after which the next page starts, bound to the collection
/// it came from, so a token cannot be replayed against another parent.
/// </summary>
public static class PageTokens
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    private const string Version = "v1";

    public static int PageSize(int requested) => requested switch
    {
        < 0 => throw RequestValidationException.ForField("page_size", $"must not be negative (was {requested})"),
        0 => DefaultPageSize,
        > MaxPageSize => MaxPageSize,
        _ => requested,
    };

    public static string Create(string parent, string lastKey) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Version}|{parent}|{lastKey}"));

    /// <returns>The key after which the page starts, or null for the first page.</returns>
    public static string? Parse(string token, string parent, Func<string, bool> isValidKey)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string[] parts;
        try
        {
            parts = token.Length > 512 ? [] : Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('|');
        }
        catch (FormatException)
        {
            parts = [];
        }

        if (parts.Length != 3 || parts[0] != Version || !isValidKey(parts[2]))
        {
            throw RequestValidationException.ForField("page_token", "is not a token this hub issued; pass the next_page_token of the previous page unchanged");
        }

        return parts[1] == parent
            ? parts[2]
            : throw RequestValidationException.ForField("page_token", $"was issued for '{parts[1]}', not for '{parent}'");
    }
}
