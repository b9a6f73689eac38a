using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Interop.Pki;

namespace Interop.Hub.Identity;

/// <summary>
/// The operator's revocation lists file, one list per trusted authority, each checked against its authority's
/// signature. The file is looked at (one stat) at most once a second and re-read when it changed, so a
/// revocation takes effect within about a second without a restart. A file that cannot be read or verified
/// keeps the previous lists in force and is logged; at startup it stops the hub.
/// </summary>
public sealed partial class RevocationLists
{
    private static readonly TimeSpan _checkInterval = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly IReadOnlyList<X509Certificate2> _authorities;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Dictionary<string, RevocationList> _byAuthority;
    private (DateTime WriteTime, long Length) _stamp;
    private long _nextCheck;

    /// <exception cref="CryptographicException">The file is malformed or holds a list no trusted authority signed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public RevocationLists(string path, IReadOnlyList<X509Certificate2> authorities, TimeProvider timeProvider, ILogger logger)
    {
        _path = path;
        _authorities = authorities;
        _timeProvider = timeProvider;
        _logger = logger;
        _stamp = Stamp();
        _byAuthority = Load();
        _nextCheck = timeProvider.GetTimestamp() + Ticks(_checkInterval);
    }

    /// <summary>Whether <paramref name="authority"/> revoked <paramref name="certificate"/>; null when it has no list here.</summary>
    public bool? IsRevoked(X509Certificate2 certificate, X509Certificate2 authority)
    {
        Refresh();
        return Volatile.Read(ref _byAuthority).TryGetValue(authority.Thumbprint, out var list) ? list.IsRevoked(certificate) : null;
    }

    private void Refresh()
    {
        var now = _timeProvider.GetTimestamp();
        if (now < Volatile.Read(ref _nextCheck))
        {
            return;
        }

        lock (_gate)
        {
            if (now < _nextCheck)
            {
                return;
            }

            Volatile.Write(ref _nextCheck, now + Ticks(_checkInterval));
            try
            {
                var stamp = Stamp();
                if (stamp == _stamp)
                {
                    return;
                }

                var lists = Load();
                _stamp = stamp;
                Volatile.Write(ref _byAuthority, lists);
                LogReloaded(_logger, _path, lists.Values.Sum(l => l.Revoked.Count));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
            {
                LogReloadFailed(_logger, exception, _path);
            }
        }
    }

    private Dictionary<string, RevocationList> Load()
    {
        var byAuthority = new Dictionary<string, RevocationList>(StringComparer.Ordinal);
        foreach (var list in RevocationList.ReadAll(File.ReadAllBytes(_path)))
        {
            var authority = _authorities.FirstOrDefault(list.IsIssuedBy)
                ?? throw new CryptographicException(
                    $"{_path} holds a revocation list of '{list.Issuer.Name}' that no trusted authority signed.");
            if (byAuthority.TryGetValue(authority.Thumbprint, out var other) && other.ThisUpdate >= list.ThisUpdate)
            {
                continue;
            }

            byAuthority[authority.Thumbprint] = list;
            if (list.NextUpdate is { } nextUpdate && nextUpdate < _timeProvider.GetUtcNow())
            {
                LogStale(_logger, authority.Subject, nextUpdate);
            }
        }

        foreach (var authority in _authorities.Where(a => !byAuthority.ContainsKey(a.Thumbprint)))
        {
            LogMissing(_logger, authority.Subject, _path);
        }

        return byAuthority;
    }

    private (DateTime, long) Stamp()
    {
        var file = new FileInfo(_path);
        return file.Exists ? (file.LastWriteTimeUtc, file.Length) : throw new FileNotFoundException($"The revocation list {_path} is missing.", _path);
    }

    private long Ticks(TimeSpan interval) => (long)(interval.TotalSeconds * _timeProvider.TimestampFrequency);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Revocation lists re-read from {Path}: {Count} revoked certificates")]
    private static partial void LogReloaded(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Revocation lists in {Path} could not be read; the previous lists stay in force")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "The revocation list of {Authority} was due for renewal at {NextUpdate:u}; still in use")]
    private static partial void LogStale(ILogger logger, string authority, DateTimeOffset nextUpdate);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "No revocation list of {Authority} in {Path}: its certificates are refused")]
    private static partial void LogMissing(ILogger logger, string authority, string path);
}
