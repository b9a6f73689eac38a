using System.Security.Cryptography;
using Interop.Hub.Options;
using Interop.Ledger;

namespace Interop.Hub.ExchangeLog;

/// <summary>The hub's checkpoint signing key: from <c>ExchangeLog:SigningKeyPath</c>, or generated for the sandbox.</summary>
public static partial class CheckpointKeys
{
    /// <exception cref="HubConfigurationException">The key file cannot be read or holds no ECDSA P-256 private key.</exception>
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
            throw new HubConfigurationException(
                $"ExchangeLog:SigningKeyPath '{path}' cannot be used: {ex.Message} It must be a PEM file holding the hub's ECDSA P-256 private key.", ex);
        }

        if (!key.HasPrivateKey)
        {
            key.Dispose();
            throw new HubConfigurationException(
                $"ExchangeLog:SigningKeyPath '{path}' holds a public key: the hub needs the private key to sign checkpoints.");
        }

        LogLoaded(logger, key.KeyId, path);
        return key;
    }

    /// <summary>The public keys of <see cref="ExchangeLogOptions.RetiredKeyPaths"/>, each once, none the current key.</summary>
    /// <exception cref="HubConfigurationException">A file cannot be read, holds no ECDSA P-256 key, or holds the current key.</exception>
    public static IReadOnlyList<CheckpointKey> LoadRetired(ExchangeLogOptions options, string currentKeyId)
    {
        var retired = new List<CheckpointKey>();
        for (var i = 0; i < options.RetiredKeyPaths.Count; i++)
        {
            var path = options.RetiredKeyPaths[i];
            var setting = $"ExchangeLog:RetiredKeyPaths:{i} '{path}'";
            CheckpointKey key;
            try
            {
                // Only the public half is kept: a retired key never signs again.
                using var read = CheckpointKey.FromPem(File.ReadAllText(path));
                key = CheckpointKey.FromPem(read.PublicKeyPem);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new HubConfigurationException(
                    $"{setting} cannot be used: {ex.Message} It must be a PEM file holding the ECDSA P-256 key the hub signed checkpoints with before.", ex);
            }

            if (key.KeyId == currentKeyId)
            {
                key.Dispose();
                throw new HubConfigurationException(
                    $"{setting} holds the current signing key ({currentKeyId}, ExchangeLog:SigningKeyPath): list only keys the hub no longer signs with.");
            }

            if (retired.Any(k => k.KeyId == key.KeyId))
            {
                key.Dispose();
                continue;
            }

            retired.Add(key);
        }

        return retired;
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning,
        Message = "Exchange log checkpoints are signed with a key generated at start (key id {KeyId}): receipts of this run verify only "
            + "with it (`interop log keys --out hub-key.pem`). Set ExchangeLog:SigningKeyPath to keep one key.")]
    private static partial void LogGenerated(ILogger logger, string keyId);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Exchange log checkpoints are signed with key {KeyId} from {Path}")]
    private static partial void LogLoaded(ILogger logger, string keyId, string path);
}
