using System.Security.Cryptography;
using Google.Protobuf;
using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Permits.V1;
using Interop.Ports;

namespace Interop.Hub.Caching;

/// <summary>
/// How the values of one kind of cache entry are held: written as the protobuf bytes of their records (so the
/// second level holds what the hub serves, not a private format), read back, and copied for each caller.
/// </summary>
internal abstract class CacheCodec<TValue>
{
    /// <summary>Whether the value says "no such record", which is cached for the short negative time-to-live.</summary>
    public abstract bool IsNegative(TValue value);

    public abstract void Write(CodedOutputStream output, TValue value);

    public abstract TValue Read(CodedInputStream input);

    /// <summary>
    /// The value as served to one caller, marked as from the cache when <paramref name="cachedAt"/> is set. Its records
    /// are the cache's own, shared by every answer served from the entry: nothing in the hub changes a record once its
    /// adapter has built it (a grant's field mask builds new messages), so a deep copy per answer would only cost
    /// an allocation of every nested message.
    /// </summary>
    /// <remarks>An answer with no record to mark (an empty list, "not found") tells its caller through the <see cref="CacheReceipt"/>.</remarks>
    public TValue Served(TValue value, DateTimeOffset? cachedAt)
    {
        CacheReceipt.Served(cachedAt);
        return Marked(value, cachedAt);
    }

    /// <summary>The value with each of its records marked with <paramref name="cachedAt"/> (see <see cref="Served"/>).</summary>
    public abstract TValue Marked(TValue value, DateTimeOffset? cachedAt);

    /// <summary>An entry as stored in Redis: format, fetch time, then the value.</summary>
    public byte[] Encode(TValue value, DateTimeOffset fetchedAt)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            output.WriteInt64(fetchedAt.UtcTicks);
            Write(output, value);
        }

        return buffer.ToArray();
    }

    public (TValue Value, DateTimeOffset FetchedAt) Decode(byte[] entry)
    {
        var input = new CodedInputStream(entry);
        var fetchedAt = new DateTimeOffset(input.ReadInt64(), TimeSpan.Zero);
        return (Read(input), fetchedAt);
    }

    protected static void WriteSourced<T>(CodedOutputStream output, Sourced<T> sourced)
        where T : class, IMessage<T>
    {
        output.WriteInt64(sourced.SourceUpdateTime.UtcTicks);
        output.WriteMessage(sourced.Record);
    }

    protected static Sourced<T> ReadSourced<T>(CodedInputStream input)
        where T : class, IMessage<T>, new()
    {
        var sourceUpdateTime = new DateTimeOffset(input.ReadInt64(), TimeSpan.Zero);
        var record = new T();
        input.ReadMessage(record);
        return new Sourced<T>(record, sourceUpdateTime);
    }
}

/// <summary>One record, or null for "not found".</summary>
internal sealed class SourcedCodec<T> : CacheCodec<Sourced<T>?>
    where T : class, IMessage<T>, new()
{
    public override bool IsNegative(Sourced<T>? value) => value is null;

    public override void Write(CodedOutputStream output, Sourced<T>? value)
    {
        output.WriteBool(value is not null);
        if (value is { } sourced)
        {
            WriteSourced(output, sourced);
        }
    }

    public override Sourced<T>? Read(CodedInputStream input) => input.ReadBool() ? ReadSourced<T>(input) : null;

    public override Sourced<T>? Marked(Sourced<T>? value, DateTimeOffset? cachedAt) =>
        value is { } sourced ? sourced with { CachedAt = cachedAt } : null;
}

/// <summary>
/// A list of records; an empty list is an answer, not a "not found", kept as long as a full one: the ministry announces
/// a new permit under its worker's document and its employer, so the change feed drops an empty list as it drops a full one.
/// </summary>
internal sealed class SourcedListCodec<T> : CacheCodec<IReadOnlyList<Sourced<T>>>
    where T : class, IMessage<T>, new()
{
    public override bool IsNegative(IReadOnlyList<Sourced<T>> value) => false;

    public override void Write(CodedOutputStream output, IReadOnlyList<Sourced<T>> value)
    {
        output.WriteInt32(value.Count);
        foreach (var sourced in value)
        {
            WriteSourced(output, sourced);
        }
    }

    public override IReadOnlyList<Sourced<T>> Read(CodedInputStream input)
    {
        var count = input.ReadInt32();
        var records = new List<Sourced<T>>(count);
        for (var i = 0; i < count; i++)
        {
            records.Add(ReadSourced<T>(input));
        }

        return records;
    }

    public override IReadOnlyList<Sourced<T>> Marked(IReadOnlyList<Sourced<T>> value, DateTimeOffset? cachedAt) =>
        [.. value.Select(s => s with { CachedAt = cachedAt })];
}

/// <summary>A page of an employer's permits.</summary>
internal sealed class PermitPageCodec : CacheCodec<PermitPage>
{
    private readonly SourcedListCodec<Permit> _permits = new();

    public override bool IsNegative(PermitPage value) => false;

    public override void Write(CodedOutputStream output, PermitPage value)
    {
        output.WriteBool(value.HasMore);
        _permits.Write(output, value.Permits);
    }

    public override PermitPage Read(CodedInputStream input)
    {
        var hasMore = input.ReadBool();
        return new PermitPage(_permits.Read(input), hasMore);
    }

    public override PermitPage Marked(PermitPage value, DateTimeOffset? cachedAt) =>
        new(_permits.Marked(value.Permits, cachedAt), value.HasMore);
}

/// <summary>
/// The version of the cached bytes: a digest of the proto files of every cached message and of the entry
/// format. A deploy that changes a message changes every key, so it never reads bytes written by the old one.
/// </summary>
internal static class CacheSchema
{
    /// <summary>Bump when the entry layout written by <see cref="CacheCodec{TValue}"/> changes.</summary>
    private const byte EntryFormat = 1;

    /// <summary>The files that define every cached message: any change to them (a field added, renamed, renumbered) changes the keys.</summary>
    public static IReadOnlyList<ByteString> CachedFiles { get; } =
        [Employer.Descriptor.File.SerializedData, Standing.Descriptor.File.SerializedData, Permit.Descriptor.File.SerializedData];

    public static string Version { get; } = Of(CachedFiles);

    /// <summary>The version of the keys for these serialized proto file descriptors.</summary>
    public static string Of(IEnumerable<ByteString> serializedFiles)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([EntryFormat]);
        foreach (var file in serializedFiles)
        {
            hash.AppendData(file.Span);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}
