using System.Security.Cryptography;

namespace Interop.Ledger;

/// <summary>
/// An incremental SHA-256 that can be reset and reused: OpenSSL's low-level context where <see cref="Sha256"/>
/// uses it, an <see cref="IncrementalHash"/> otherwise. Not thread-safe; one per reader.
/// </summary>
public sealed unsafe class Sha256Hasher : IDisposable
{
    private readonly IncrementalHash? _dotNet;

    /// <summary>OpenSSL's context, on the pinned heap: nothing to free, and no finaliser.</summary>
    private readonly byte[]? _context;

    public Sha256Hasher()
    {
        if (Sha256.UsesOpenSsl)
        {
            _context = GC.AllocateArray<byte>(Sha256.ContextSize, pinned: true);
            fixed (byte* context = _context)
            {
                Sha256.Init(context);
            }
        }
        else
        {
            _dotNet = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_dotNet is not null)
        {
            _dotNet.AppendData(data);
            return;
        }

        fixed (byte* context = _context)
        {
            Sha256.Update(context, data);
        }
    }

    /// <summary>The digest of everything appended since the last reset; the hasher starts over.</summary>
    public void GetHashAndReset(Span<byte> destination)
    {
        if (_dotNet is not null)
        {
            _dotNet.GetHashAndReset(destination);
            return;
        }

        fixed (byte* context = _context)
        {
            Sha256.Final(context, destination);
            Sha256.Init(context);
        }
    }

    public void Dispose() => _dotNet?.Dispose();
}
