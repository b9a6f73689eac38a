using System.Globalization;

namespace Interop.Ledger;

/// <summary>
/// A point of the chain kept outside the hub's database: a checkpoint's sequence and its chain hash (SHA-256 of the
/// checkpoint's bytes, what the next checkpoint links to), written <c>sequence:hex</c>. Checked against the log, a
/// kept head exposes what the log alone cannot show: its last checkpoints deleted together with their rows.
/// </summary>
public readonly record struct ChainHead(long Sequence, string HashHex)
{
    private const int HashHexLength = MerkleTree.HashSize * 2;

    public static ChainHead Of(long sequence, ReadOnlySpan<byte> checkpointBytes) =>
        new(sequence, Convert.ToHexStringLower(Checkpoints.ChainHash(checkpointBytes)));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Sequence}:{HashHex}");

    /// <summary>Parses <c>sequence:hex</c> (a positive sequence, 64 hexadecimal digits in either case).</summary>
    public static bool TryParse(string? text, out ChainHead head)
    {
        head = default;
        var separator = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (separator <= 0)
        {
            return false;
        }

        var hash = text![(separator + 1)..];
        if (!long.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence < 1 || hash.Length != HashHexLength || !hash.All(Uri.IsHexDigit))
        {
            return false;
        }

        head = new ChainHead(sequence, hash.ToLowerInvariant());
        return true;
    }
}
