using Interop.Hub.Errors;
using ProtoDate = Google.Type.Date;

namespace Interop.Hub.Validation;

/// <summary>google.type.Date to and from DateOnly, with a clear error for an impossible date.</summary>
public static class Dates
{
    public static DateOnly Parse(string field, ProtoDate date)
    {
        if (date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1
            || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            throw RequestValidationException.ForField(
                field, $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2} is not a valid full date (year, month and day are all required)");
        }

        return new DateOnly(date.Year, date.Month, date.Day);
    }

    public static ProtoDate ToProto(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };
}
