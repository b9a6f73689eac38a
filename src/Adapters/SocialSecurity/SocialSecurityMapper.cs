using System.Globalization;
using Interop.Contributions.V1;
using Interop.Ports;
using Interop.Type.V1;

namespace Interop.Adapters.SocialSecurity;

/// <summary>The fund's native rows and conventions, mapped to the hub's contract. Used by every backend.</summary>
public static class SocialSecurityMapper
{
    /// <summary>The fund keeps every amount in centimes of Algerian dinar.</summary>
    public const string Currency = "DZD";

    /// <summary>Computes the standing as of a date, stamped with the latest change among the account's rows.</summary>
    public static Sourced<Standing> ToSourcedStanding(DossierEmployeur dossier, DateOnly asOf) =>
        new(StandingCalculator.Compute(dossier, asOf), LatestChange(dossier));

    /// <summary>
    /// When the account last changed at the fund, whatever the as-of date asked for: the standing of a past date
    /// is still recomputed from rows that may have been corrected since.
    /// </summary>
    public static DateTimeOffset LatestChange(DossierEmployeur dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var latest = dossier.Compte.MajLe;
        foreach (var row in dossier.Declarations)
        {
            latest = Max(latest, row.MajLe);
        }

        foreach (var row in dossier.Versements)
        {
            latest = Max(latest, row.MajLe);
        }

        foreach (var row in dossier.Majorations)
        {
            latest = Max(latest, row.MajLe);
        }

        foreach (var row in dossier.Echeanciers)
        {
            latest = Max(latest, row.MajLe);
        }

        foreach (var row in dossier.Echeances)
        {
            latest = Max(latest, row.MajLe);
        }

        return new DateTimeOffset(DateTime.SpecifyKind(latest, DateTimeKind.Utc));
    }

    public static string StandingName(string registryNumber) => $"employers/{registryNumber}/standing";

    public static Period ToPeriod(int annee, int mois) => new() { Year = annee, Month = mois };

    public static Money ToMoney(long centimes) => new() { CurrencyCode = Currency, AmountMinor = centimes };

    public static Google.Type.Date ToDate(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    /// <summary>An amount for people to read, e.g. "12345.67 DZD".</summary>
    public static string FormatAmount(long centimes) =>
        string.Create(CultureInfo.InvariantCulture, $"{centimes / 100}.{Math.Abs(centimes % 100):D2} {Currency}");

    private static DateTime Max(DateTime a, DateTime b) => a >= b ? a : b;
}
