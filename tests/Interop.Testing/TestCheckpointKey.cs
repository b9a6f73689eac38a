namespace Interop.Testing;

/// <summary>
/// An ECDSA P-256 private key in a PEM file, for hubs that tests run in Live mode (which requires
/// <c>ExchangeLog:SigningKeyPath</c>). One per test run.
/// </summary>
public static class TestCheckpointKey
{
    private static readonly Lazy<string> _path = new(() =>
        TestKeys.WriteP256Pem(Path.GetTempPath(), $"interop-test-checkpoint-key-{Guid.NewGuid():N}"));

    public static string PemPath => _path.Value;
}
