using System.Collections;
using System.Collections.Frozen;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using FieldMask = Google.Protobuf.WellKnownTypes.FieldMask;

namespace Interop.Hub.Access;

/// <summary>
/// Minimal disclosure: a grant's field mask, applied to every record in an answer, wherever the answer holds it (the
/// record itself, a list of them, each result of a batch). The answer is rebuilt, never changed in place: its records
/// may be the cache's own objects, which other callers are served from.
/// </summary>
public sealed class RecordMask
{
    /// <summary>A record's resource name always stays, so the caller can tell which record it got.</summary>
    public const string AlwaysKept = "name";

    private readonly MessageDescriptor _record;
    private readonly FieldMask _mask;

    /// <summary>The message types that hold a record somewhere below them; only they are rebuilt.</summary>
    private readonly FrozenSet<MessageDescriptor> _holders;

    private RecordMask(MessageDescriptor record, FieldMask mask, FrozenSet<MessageDescriptor> holders)
    {
        _record = record;
        _mask = mask;
        _holders = holders;
    }

    public IReadOnlyList<string> Paths => _mask.Paths;

    /// <returns>The paths that are not fields of <paramref name="record"/>; empty when all are.</returns>
    public static IReadOnlyList<string> InvalidPaths(MessageDescriptor record, IEnumerable<string> paths) =>
        [.. paths.Where(path => !FieldMask.IsValid(record, new FieldMask { Paths = { path } }))];

    /// <param name="record">The record message the paths are on.</param>
    /// <param name="paths">Valid paths (see <see cref="InvalidPaths"/>).</param>
    /// <param name="answers">The output messages of the methods the grant covers.</param>
    public static RecordMask Create(MessageDescriptor record, IEnumerable<string> paths, IEnumerable<MessageDescriptor> answers)
    {
        var mask = new FieldMask { Paths = { paths.Append(AlwaysKept).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal) } };
        var holders = new HashSet<MessageDescriptor>();
        var memo = new Dictionary<MessageDescriptor, bool>();
        foreach (var answer in answers)
        {
            Holds(answer, record, memo, holders);
        }

        return new RecordMask(record, mask, holders.ToFrozenSet());
    }

    /// <returns>The answer with every record masked; the answer itself when it holds no record.</returns>
    public IMessage Apply(IMessage message)
    {
        if (message.Descriptor == _record)
        {
            var masked = _record.Parser.ParseFrom(ByteString.Empty);
            _mask.Merge(message, masked);
            return masked;
        }

        if (!_holders.Contains(message.Descriptor))
        {
            return message;
        }

        var copy = message.Descriptor.Parser.ParseFrom(ByteString.Empty);
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            CopyField(field, message, copy);
        }

        return copy;
    }

    private void CopyField(FieldDescriptor field, IMessage source, IMessage destination)
    {
        var accessor = field.Accessor;
        if (field.IsMap)
        {
            var to = (IDictionary)accessor.GetValue(destination);
            foreach (DictionaryEntry entry in (IDictionary)accessor.GetValue(source))
            {
                to[entry.Key] = entry.Value is IMessage value ? Apply(value) : entry.Value;
            }
        }
        else if (field.IsRepeated)
        {
            var to = (IList)accessor.GetValue(destination);
            foreach (var item in (IList)accessor.GetValue(source))
            {
                to.Add(item is IMessage value ? Apply(value) : item);
            }
        }
        else if (field.HasPresence ? accessor.HasValue(source) : true)
        {
            var value = accessor.GetValue(source);
            accessor.SetValue(destination, value is IMessage message ? Apply(message) : value);
        }
    }

    private static bool Holds(
        MessageDescriptor message, MessageDescriptor record, Dictionary<MessageDescriptor, bool> memo, HashSet<MessageDescriptor> holders)
    {
        if (message == record)
        {
            return true;
        }

        if (memo.TryGetValue(message, out var known))
        {
            return known;
        }

        // Provisional answer while the type is being explored: a recursive type does not hold the record through itself.
        memo[message] = false;
        var holds = false;
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            if (field.FieldType == FieldType.Message && Holds(field.MessageType, record, memo, holders))
            {
                holds = true;
            }
        }

        memo[message] = holds;
        if (holds)
        {
            holders.Add(message);
        }

        return holds;
    }
}
