using System.Security.Cryptography;
using System.Text;

namespace Interop.Certificates;

/// <summary>
/// The code printed on a certificate for people to type: 19 random Crockford base32 symbols (95 bits, so guessing
/// one of even millions of issued codes stays hopeless under rate limiting) and a Luhn mod 32 check symbol, which
/// catches every single mistyped symbol and most swaps of neighbours before any lookup. Shown in groups of four:
/// <c>7KQ2-M9XD-4TPA-GH3N-WZ8E</c>.
/// </summary>
public static class VerificationCode
{
    /// <summary>Crockford's alphabet: no I, L, O or U, so nothing reads as another symbol.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public const int RandomSymbols = 19;

    private const int Length = RandomSymbols + 1;
    private const int GroupSize = 4;

    public static string Generate()
    {
        Span<char> symbols = stackalloc char[Length];
        for (var i = 0; i < RandomSymbols; i++)
        {
            symbols[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        symbols[RandomSymbols] = CheckSymbol(symbols[..RandomSymbols]);
        return Group(symbols);
    }

    /// <summary>
    /// The canonical (grouped, upper-case) form of a code as a person typed it: case, spaces and hyphens do not matter,
    /// and O, I and L are read as 0, 1 and 1 as Crockford prescribes.
    /// </summary>
    /// <returns>False when the input is not a code or its check symbol does not match (a typing mistake).</returns>
    public static bool TryNormalize(string? input, out string code)
    {
        code = "";
        if (input is null || input.Length > 64)
        {
            return false;
        }

        Span<char> symbols = stackalloc char[Length];
        var count = 0;
        foreach (var raw in input)
        {
            if (raw is '-' or ' ' or '\t')
            {
                continue;
            }

            var symbol = char.ToUpperInvariant(raw) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (count == Length || Alphabet.IndexOf(symbol, StringComparison.Ordinal) < 0)
            {
                return false;
            }

            symbols[count++] = symbol;
        }

        if (count != Length || CheckSymbol(symbols[..RandomSymbols]) != symbols[RandomSymbols])
        {
            return false;
        }

        code = Group(symbols);
        return true;
    }

    /// <summary>Luhn mod N over the alphabet's values, N = 32.</summary>
    private static char CheckSymbol(ReadOnlySpan<char> symbols)
    {
        var factor = 2;
        var sum = 0;
        for (var i = symbols.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(symbols[i], StringComparison.Ordinal);
            factor = factor == 2 ? 1 : 2;
            sum += (addend / Alphabet.Length) + (addend % Alphabet.Length);
        }

        return Alphabet[(Alphabet.Length - (sum % Alphabet.Length)) % Alphabet.Length];
    }

    private static string Group(ReadOnlySpan<char> symbols)
    {
        var grouped = new StringBuilder(Length + (Length / GroupSize));
        for (var i = 0; i < symbols.Length; i++)
        {
            if (i > 0 && i % GroupSize == 0)
            {
                grouped.Append('-');
            }

            grouped.Append(symbols[i]);
        }

        return grouped.ToString();
    }
}
