namespace Interop.Cli;

/// <summary>Ids given on the command line, where <c>@path</c> stands for the ids listed in a file.</summary>
internal static class IdList
{
    public static IEnumerable<string> Expand(IEnumerable<string> arguments)
    {
        foreach (var argument in arguments)
        {
            if (!argument.StartsWith('@'))
            {
                yield return argument;
                continue;
            }

            var path = argument[1..];
            if (!File.Exists(path))
            {
                throw new UsageException($"The id file '{path}' does not exist.");
            }

            foreach (var line in File.ReadLines(path))
            {
                var id = line.Split('#', 2)[0].Trim();
                if (id.Length > 0)
                {
                    yield return id;
                }
            }
        }
    }
}
