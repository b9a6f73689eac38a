using System.Security.Cryptography;

namespace Interop.Ledger;

/// <summary>The public keys a verifier trusts, by key id (an operator may pass several after a key change).</summary>
public sealed class KeyRing : IDisposable
{
    private readonly Dictionary<string, CheckpointKey> _keys = new(StringComparer.Ordinal);

    public KeyRing(IEnumerable<CheckpointKey> keys)
    {
        foreach (var key in keys)
        {
            _keys.TryAdd(key.KeyId, key);
        }
    }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>Reads PEM files, each holding a public key (or a private key, whose public part is used).</summary>
    /// <exception cref="CryptographicException">A file holds no P-256 key; the message names it.</exception>
    public static KeyRing FromPemFiles(IEnumerable<string> paths)
    {
        var keys = new List<CheckpointKey>();
        foreach (var path in paths)
        {
            try
            {
                keys.Add(CheckpointKey.FromPem(File.ReadAllText(path)));
            }
            catch (CryptographicException ex)
            {
                throw new CryptographicException($"{path}: {ex.Message}", ex);
            }
        }

        return new KeyRing(keys);
    }

    public CheckpointKey? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }
}
