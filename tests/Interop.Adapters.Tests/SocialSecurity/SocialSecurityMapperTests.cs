using Interop.Adapters.SocialSecurity;
using Interop.Contributions.V1;

namespace Interop.Adapters.Tests.SocialSecurity;

public sealed class SocialSecurityMapperTests
{
    private static readonly CompteEmployeur Compte = new(
        1, "1234567890", "16B0012345", "SARL TEST", "16", new DateOnly(2020, 1, 6), new DateOnly(2024, 1, 1), null, false,
        new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Money_is_in_centimes_of_dinar()
    {
        var money = SocialSecurityMapper.ToMoney(1_234_567);

        Assert.Equal("DZD", money.CurrencyCode);
        Assert.Equal(1_234_567, money.AmountMinor);
    }

    [Theory]
    [InlineData(0, "0.00 DZD")]
    [InlineData(5, "0.05 DZD")]
    [InlineData(1_234_567, "12345.67 DZD")]
    public void Amounts_read_in_dinars(long centimes, string expected) =>
        Assert.Equal(expected, SocialSecurityMapper.FormatAmount(centimes));

    [Fact]
    public void Periods_dates_and_names_follow_the_contract()
    {
        Assert.Equal(new Period { Year = 2026, Month = 3 }, SocialSecurityMapper.ToPeriod(2026, 3));
        Assert.Equal(new Google.Type.Date { Year = 2026, Month = 2, Day = 28 }, SocialSecurityMapper.ToDate(new DateOnly(2026, 2, 28)));
        Assert.Equal("employers/16B0012345/standing", SocialSecurityMapper.StandingName("16B0012345"));
    }

    [Fact]
    public void The_source_update_time_is_the_latest_change_among_all_the_account_s_rows()
    {
        var latest = new DateTime(2026, 5, 20, 14, 30, 0, DateTimeKind.Utc);
        var dossier = new DossierEmployeur(
            Compte,
            [new DeclarationMensuelle(1, 2026, 4, 3, 10_000_000, 3_450_000, new DateOnly(2026, 5, 10), latest.AddDays(-10))],
            [],
            [new Majoration(1, 2026, 1, 1000, new DateOnly(2026, 3, 10), new DateOnly(2026, 5, 20), latest)],
            [],
            []);

        var sourced = SocialSecurityMapper.ToSourcedStanding(dossier, new DateOnly(2024, 6, 1));

        // Even for an as-of date long before that change.
        Assert.Equal(new DateTimeOffset(latest), sourced.SourceUpdateTime);
        Assert.Equal(TimeSpan.Zero, sourced.SourceUpdateTime.Offset);
        Assert.Equal(StandingCalculator.Compute(dossier, new DateOnly(2024, 6, 1)), sourced.Record);
    }
}
