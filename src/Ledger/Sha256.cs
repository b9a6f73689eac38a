using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Interop.Ledger;

/// <summary>
/// SHA-256 for the exchange log's small inputs: four per call (the request, the answer, the record's leaf, one
/// Merkle node), each a few hundred bytes at most. On Linux it calls OpenSSL's SHA256_Init/Update/Final directly:
/// .NET's <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> goes through EVP, allocating a context and
/// clearing OpenSSL's error queue for every input, which costs several times the hashing itself (33 bytes: about
/// 440 ns against 70 ns on the benchmark machine; 270 bytes: 560 against 210). Where that library is not there,
/// or when OpenSSL runs in FIPS mode (whose approved implementation is reached only through EVP), every hash is
/// .NET's. Both give the same digests: the static constructor checks OpenSSL against .NET before using it.
/// </summary>
public static unsafe class Sha256
{
    public const int HashSize = 32;

    /// <summary>Room for OpenSSL's SHA256_CTX (112 bytes), rounded up.</summary>
    internal const int ContextSize = 128;

    private static readonly delegate* unmanaged<byte*, int> _init;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> _update;
    private static readonly delegate* unmanaged<byte*, byte*, int> _final;

#pragma warning disable CA1810 // The exports are looked up once, and only where OpenSSL may be: an initialiser per field cannot share the library handle.
    static Sha256()
#pragma warning restore CA1810
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libcrypto.so.3", out var library))
        {
            return;
        }

        if (NativeLibrary.TryGetExport(library, "EVP_default_properties_is_fips_enabled", out var fips)
            && ((delegate* unmanaged<nint, int>)fips)(0) != 0)
        {
            return;
        }

        if (!NativeLibrary.TryGetExport(library, "SHA256_Init", out var init)
            || !NativeLibrary.TryGetExport(library, "SHA256_Update", out var update)
            || !NativeLibrary.TryGetExport(library, "SHA256_Final", out var final))
        {
            return;
        }

        _init = (delegate* unmanaged<byte*, int>)init;
        _update = (delegate* unmanaged<byte*, byte*, nuint, int>)update;
        _final = (delegate* unmanaged<byte*, byte*, int>)final;
        UsesOpenSsl = AgreesWithDotNet();
    }

    /// <summary>Whether hashes are OpenSSL's low-level SHA-256 rather than .NET's (see the class's remarks).</summary>
    public static bool UsesOpenSsl { get; }

    public static byte[] HashData(ReadOnlySpan<byte> source)
    {
        var digest = new byte[HashSize];
        HashData(source, digest);
        return digest;
    }

    /// <param name="destination">At least <see cref="HashSize"/> bytes; may overlap <paramref name="source"/>.</param>
    public static void HashData(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (!UsesOpenSsl)
        {
            SHA256.HashData(source, destination);
            return;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, HashSize);
        var context = stackalloc byte[ContextSize];
        fixed (byte* data = source)
        fixed (byte* digest = destination)
        {
            _init(context);
            _update(context, data, (nuint)source.Length);
            _final(digest, context);
        }
    }

    internal static void Init(byte* context) => _init(context);

    internal static void Update(byte* context, ReadOnlySpan<byte> source)
    {
        fixed (byte* data = source)
        {
            _update(context, data, (nuint)source.Length);
        }
    }

    internal static void Final(byte* context, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, HashSize);
        fixed (byte* digest = destination)
        {
            _final(digest, context);
        }
    }

    /// <summary>A known answer and inputs across block boundaries, in one shot and in pieces, against .NET's.</summary>
    private static bool AgreesWithDotNet()
    {
        var input = new byte[300];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (byte)(i * 7);
        }

        Span<byte> ours = stackalloc byte[HashSize];
        Span<byte> theirs = stackalloc byte[HashSize];
        var context = stackalloc byte[ContextSize];
        foreach (var length in (ReadOnlySpan<int>)[0, 3, 55, 56, 64, 65, 300])
        {
            var data = input.AsSpan(0, length);
            SHA256.HashData(data, theirs);
            _init(context);
            Update(context, data[..(length / 2)]);
            Update(context, data[(length / 2)..]);
            Final(context, ours);
            if (!ours.SequenceEqual(theirs))
            {
                return false;
            }
        }

        return true;
    }
}
