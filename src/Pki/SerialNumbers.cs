using System.Security.Cryptography;

namespace Interop.Pki;

/// <summary>Certificate serial numbers as the hub writes and compares them: uppercase hex without leading zero bytes.</summary>
public static class SerialNumbers
{
    /// <summary>A fresh random positive serial of 16 bytes (RFC 5280 allows up to 20), never starting with a zero byte.</summary>
    public static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    public static string ToHex(ReadOnlySpan<byte> serial)
    {
        var start = 0;
        while (start < serial.Length - 1 && serial[start] == 0)
        {
            start++;
        }

        return Convert.ToHexString(serial[start..]);
    }

    /// <summary>Reads a serial typed by an operator: hex, any case, with or without ':' separators as openssl prints them.</summary>
    /// <exception cref="FormatException">Not a hexadecimal serial number.</exception>
    public static string Normalize(string serial)
    {
        ArgumentNullException.ThrowIfNull(serial);
        var hex = serial.Trim().Replace(":", string.Empty, StringComparison.Ordinal);
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[2..];
        }

        if (hex.Length == 0 || hex.Length > 42 || !hex.All(Uri.IsHexDigit))
        {
            throw new FormatException($"'{serial}' is not a certificate serial number in hexadecimal.");
        }

        return ToHex(Convert.FromHexString(hex.Length % 2 == 0 ? hex : "0" + hex));
    }
}
