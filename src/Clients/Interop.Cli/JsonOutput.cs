using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;

namespace Interop.Cli;

/// <summary>The one JSON formatter of the CLI: protobuf's canonical JSON mapping, so scripts see the contract's field names.</summary>
internal static class JsonOutput
{
    /// <summary>
    /// Fields at their default value are printed too, so a script finds every field of the contract whether or not
    /// it is set; google.rpc error details are registered so errors in batch answers print in full.
    /// </summary>
    public static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default
        .WithFormatDefaultValues(true)
        .WithIndentation("  ")
        .WithTypeRegistry(TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor)));

    /// <summary>Several answers as one JSON object, keyed by names that need no JSON escaping, each formatted as the formatter would alone.</summary>
    public static string Object(params (string Name, IMessage Message)[] members)
    {
        var writer = new StringWriter();
        writer.Write('{');
        for (var i = 0; i < members.Length; i++)
        {
            writer.Write(i == 0 ? "\n  " : ",\n  ");
            writer.Write($"\"{members[i].Name}\": ");
            Formatter.Format(members[i].Message, writer, indentationLevel: 1);
        }

        writer.Write("\n}");
        return writer.ToString();
    }
}
