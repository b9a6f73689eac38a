using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Interop.Contributions.V1;
using Interop.Type.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Interop.Cli;

/// <summary>How values read in tables: ISO dates, UTC times, money from minor units, enums as words.</summary>
internal static class Human
{
    public const string None = "-";

    /// <summary>Tables wider than a typical terminal are fine in files and pipes, and keep long names on one line.</summary>
    private const int RedirectedWidth = 200;

    /// <summary>Tables on <paramref name="stdout"/>: colours and the terminal's width on a terminal, plain text otherwise.</summary>
    public static IAnsiConsole Console(TextWriter stdout)
    {
        var output = new AnsiConsoleOutput(stdout);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = output,
            Ansi = output.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = output.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!output.IsTerminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }

    public static string Date(Google.Type.Date? date) =>
        date is null || (date.Year == 0 && date.Month == 0 && date.Day == 0)
            ? None
            : string.Create(CultureInfo.InvariantCulture, $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2}");

    public static string Timestamp(Timestamp? timestamp) =>
        timestamp is null ? None : timestamp.ToDateTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Integer arithmetic only: the amount stays exact however large it is.</summary>
    public static string Money(Money? money)
    {
        if (money is null)
        {
            return None;
        }

        // Every currency the hub's agencies use (DZD, LBP, EUR) has two decimals.
        var units = Math.DivRem(Math.Abs(money.AmountMinor), 100, out var cents);
        var sign = money.AmountMinor < 0 ? "-" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{units:N0}.{cents:D2} {money.CurrencyCode}");
    }

    public static string Period(Period? period) =>
        period is null || period.Year == 0
            ? None
            : string.Create(CultureInfo.InvariantCulture, $"{period.Year:D4}-{period.Month:D2}");

    public static string Periods(IEnumerable<Period> periods)
    {
        var text = string.Join(", ", periods.Select(Period));
        return text.Length == 0 ? None : text;
    }

    /// <summary><c>StruckOff</c> reads "Struck off"; the unset value reads as nothing.</summary>
    public static string Enum<TEnum>(TEnum value)
        where TEnum : struct, System.Enum
    {
        if (Convert.ToInt32(value, CultureInfo.InvariantCulture) == 0)
        {
            return None;
        }

        var name = value.ToString();
        var words = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c))
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(c);
            }
        }

        return words.ToString();
    }

    /// <summary>The canonical gRPC spelling, e.g. NOT_FOUND, which is what people search for.</summary>
    public static string Status(StatusCode code)
    {
        var name = code.ToString();
        var upper = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]))
            {
                upper.Append('_');
            }

            upper.Append(char.ToUpperInvariant(name[i]));
        }

        return upper.ToString();
    }

    public static string OrNone(string? value) => string.IsNullOrEmpty(value) ? None : value;

    /// <summary>A table of label/value pairs describing one record.</summary>
    public static Table Record(string title, IEnumerable<(string Label, string Value)> fields)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title)).HideHeaders();
        table.AddColumn("Field");
        table.AddColumn("Value");
        foreach (var (label, value) in fields)
        {
            table.AddRow(Cells(label, value));
        }

        return table;
    }

    /// <summary>A table with a header row; cells are plain text, never markup, so names with brackets print as typed.</summary>
    public static Table List(string? title, params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (title is not null)
        {
            table.Title(Markup.Escape(title));
        }

        foreach (var column in columns)
        {
            table.AddColumn(Markup.Escape(column));
        }

        return table;
    }

    public static IRenderable[] Cells(params string[] values) => [.. values.Select(v => new Text(v))];
}
