using Interop.Adapters.CommercialRegistry;
using Interop.Employers.V1;

namespace Interop.Adapters.Tests.CommercialRegistry;

public sealed class CommercialRegistryMapperTests
{
    private static readonly RcWilaya _alger = new(16, "Alger", "الجزائر");

    private static readonly RcEntreprise _sarl = new(
        NumRc: "16B0012345",
        Nif: "091600000012345",
        NumEmployeurCnas: "1234567897",
        RaisonSociale: "SARL HADDAD BATIMENT",
        RaisonSocialeAr: "شركة ذات مسؤولية محدودة حداد للبناء",
        FormeJuridique: "SARL",
        Etat: 'A',
        DateImmatriculation: new DateOnly(2009, 3, 15),
        DateSuspension: null,
        DateRadiation: null,
        CodeActivite: "4100",
        CodeWilaya: 16,
        EffectifDeclare: 42,
        DateMaj: new DateTimeOffset(2024, 11, 5, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public void Maps_every_field_of_the_registry_row()
    {
        var employer = CommercialRegistryMapper.ToEmployer(_sarl, _alger);

        var expected = new Employer
        {
            Name = "employers/16B0012345",
            RegistryNumber = "16B0012345",
            SocialSecurityNumber = "1234567897",
            TaxId = "091600000012345",
            LegalNameAr = "شركة ذات مسؤولية محدودة حداد للبناء",
            LegalNameLatin = "SARL HADDAD BATIMENT",
            LegalForm = LegalForm.LimitedLiability,
            Status = EmployerStatus.Active,
            RegistrationDate = new Google.Type.Date { Year = 2009, Month = 3, Day = 15 },
            ActivityCode = "4100",
            Region = new Region { Code = "16", Name = "Alger" },
            DeclaredHeadcount = 42,
        };
        Assert.Equal(expected, employer);
    }

    [Fact]
    public void Source_update_time_is_the_rows_last_change()
    {
        var sourced = CommercialRegistryMapper.ToSourcedEmployer(_sarl, _alger);

        Assert.Equal(_sarl.DateMaj, sourced.SourceUpdateTime);
        Assert.Equal(CommercialRegistryMapper.ToEmployer(_sarl, _alger), sourced.Record);
    }

    [Fact]
    public void Single_digit_wilaya_codes_are_padded_to_two_digits()
    {
        var adrar = new RcWilaya(1, "Adrar", "أدرار");

        var employer = CommercialRegistryMapper.ToEmployer(_sarl with { NumRc = "01A0000007", CodeWilaya = 1 }, adrar);

        Assert.Equal(new Region { Code = "01", Name = "Adrar" }, employer.Region);
    }

    [Fact]
    public void An_employer_never_affiliated_with_the_fund_has_an_empty_social_security_number()
    {
        var employer = CommercialRegistryMapper.ToEmployer(_sarl with { NumEmployeurCnas = null }, _alger);

        Assert.Equal("", employer.SocialSecurityNumber);
    }

    [Fact]
    public void Rejects_a_wilaya_that_is_not_the_employers()
    {
        var oran = new RcWilaya(31, "Oran", "وهران");

        Assert.Throws<ArgumentException>(() => CommercialRegistryMapper.ToEmployer(_sarl, oran));
    }

    [Theory]
    [InlineData("EI", LegalForm.SoleProprietor)]
    [InlineData("SARL", LegalForm.LimitedLiability)]
    [InlineData("EURL", LegalForm.SingleMemberLimited)]
    [InlineData("SPA", LegalForm.JointStock)]
    [InlineData("SNC", LegalForm.GeneralPartnership)]
    [InlineData("EPIC", LegalForm.PublicEstablishment)]
    [InlineData("EPA", LegalForm.PublicEstablishment)]
    [InlineData("GIE", LegalForm.Unspecified)]
    public void Maps_legal_form_codes(string formeJuridique, LegalForm expected) =>
        Assert.Equal(expected, CommercialRegistryMapper.ToLegalForm(formeJuridique));

    [Theory]
    [InlineData('A', EmployerStatus.Active)]
    [InlineData('S', EmployerStatus.Suspended)]
    [InlineData('R', EmployerStatus.StruckOff)]
    [InlineData('X', EmployerStatus.Unspecified)]
    public void Maps_registration_states(char etat, EmployerStatus expected) =>
        Assert.Equal(expected, CommercialRegistryMapper.ToStatus(etat));

    [Fact]
    public void Struck_off_employer_keeps_its_registration_date()
    {
        var radiee = _sarl with { Etat = 'R', DateRadiation = new DateOnly(2023, 6, 30) };

        var employer = CommercialRegistryMapper.ToEmployer(radiee, _alger);

        Assert.Equal(EmployerStatus.StruckOff, employer.Status);
        Assert.Equal(new Google.Type.Date { Year = 2009, Month = 3, Day = 15 }, employer.RegistrationDate);
    }
}
