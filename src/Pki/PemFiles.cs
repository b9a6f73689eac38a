using System.Security.Cryptography.X509Certificates;

namespace Interop.Pki;

/// <summary>Writes the PEM files of the authority and its certificates; private keys readable by their owner only.</summary>
public static class PemFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void WriteCertificate(string path, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Replace(path, certificate.ExportCertificatePem() + "\n", secret: false);
    }

    public static void WritePrivateKey(string path, string privateKeyPem) => Replace(path, privateKeyPem + "\n", secret: true);

    /// <summary>
    /// Writes to a temporary file and renames it over <paramref name="path"/>, so a reader (the hub watching its
    /// revocation list) sees the old file or the new one, never half of one.
    /// </summary>
    public static void Replace(string path, string contents, bool secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (secret && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        try
        {
            using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
            {
                writer.Write(contents);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
