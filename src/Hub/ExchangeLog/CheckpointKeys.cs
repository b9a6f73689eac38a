using System.Security.Cryptography;
using Interop.Ledger;

namespace Interop.Hub.ExchangeLog;

/// <summary>The hub's checkpoint signing key: from <c>ExchangeLog:SigningKeyPath</c>, or generated for the sandbox.</summary>
public static partial class CheckpointKeys
{
    /// <exception cref="InvalidOperationException">The key file cannot be read or holds no ECDSA P-256 private key.</exception>
    public static CheckpointKey Load(ExchangeLogOptions options, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKeyPath))
        {
            var generated = CheckpointKey.Generate();
            LogGenerated(logger, generated.KeyId);
            return generated;
        }

        var path = options.SigningKeyPath;
        CheckpointKey key;
        try
        {
            key = CheckpointKey.FromPem(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException(
                $"ExchangeLog:SigningKeyPath '{path}' cannot be used: {ex.Message} It must be a PEM file holding the hub's ECDSA P-256 private key.", ex);
        }

        if (!key.HasPrivateKey)
        {
            key.Dispose();
            throw new InvalidOperationException(
                $"ExchangeLog:SigningKeyPath '{path}' holds a public key: the hub needs the private key to sign checkpoints.");
        }

        LogLoaded(logger, key.KeyId, path);
        return key;
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning,
        Message = "Exchange log checkpoints are signed with a key generated at start (key id {KeyId}): receipts of this run verify only "
            + "with it (`interop log keys --out hub-key.pem`). Set ExchangeLog:SigningKeyPath to keep one key.")]
    private static partial void LogGenerated(ILogger logger, string keyId);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Exchange log checkpoints are signed with key {KeyId} from {Path}")]
    private static partial void LogLoaded(ILogger logger, string keyId, string path);
}
