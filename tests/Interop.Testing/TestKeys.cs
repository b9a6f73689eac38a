using System.Security.Cryptography;

namespace Interop.Testing;

public static class TestKeys
{
    /// <summary>A fresh ECDSA P-256 private key in a PEM file (PKCS#8), as an operator would configure one.</summary>
    public static string WriteP256Pem(string directory, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(directory, $"{name}.pem");
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        return path;
    }
}
