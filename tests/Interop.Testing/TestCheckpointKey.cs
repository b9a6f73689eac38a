using System.Security.Cryptography;

namespace Interop.Testing;

/// <summary>
/// An ECDSA P-256 private key in a PEM file, for hubs that tests run in Live mode (which requires
/// <c>ExchangeLog:SigningKeyPath</c>). One per test run.
/// </summary>
public static class TestCheckpointKey
{
    private static readonly Lazy<string> _path = new(() =>
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(Path.GetTempPath(), $"interop-test-checkpoint-key-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        return path;
    });

    public static string PemPath => _path.Value;
}
