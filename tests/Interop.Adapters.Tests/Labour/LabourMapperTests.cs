using Google.Protobuf.WellKnownTypes;
using Interop.Adapters.Labour;
using Interop.Permits.V1;

namespace Interop.Adapters.Tests.Labour;

public sealed class LabourMapperTests
{
    private static readonly TravailleurEtranger Travailleur = new(
        IdTravailleur: 42,
        TypeDocument: "PP",
        NumDocument: "E12345678",
        CodeNationalite: "CHN",
        Nom: "WANG",
        Prenoms: "Wei",
        DateNaissance: new DateOnly(1988, 3, 14),
        DateMaj: new DateTimeOffset(2024, 1, 10, 9, 30, 0, TimeSpan.Zero));

    private static readonly PermisTravail Delivre = new(
        NumeroPermis: "WP-2025-0001234",
        NumeroSuivi: "20250110-00004567",
        IdTravailleur: 42,
        NumRc: "16B0012345",
        CodeProfession: "7112",
        LibelleProfession: "Macons",
        Statut: "DL",
        DateDepot: new DateOnly(2025, 1, 10),
        DateDebut: new DateOnly(2025, 3, 2),
        DateFin: new DateOnly(2026, 3, 1),
        DateMaj: new DateTimeOffset(2025, 3, 2, 11, 0, 0, TimeSpan.Zero));

    private static readonly EtapePermis[] Etapes =
    [
        new("WP-2025-0001234", 1, "DEP", null, new DateTimeOffset(2025, 1, 10, 19, 5, 0, TimeSpan.Zero)),
        new("WP-2025-0001234", 2, "AIN", "CD", new DateTimeOffset(2025, 1, 20, 8, 0, 0, TimeSpan.Zero)),
        new("WP-2025-0001234", 3, "APR", "CS", new DateTimeOffset(2025, 2, 3, 9, 0, 0, TimeSpan.Zero)),
        new("WP-2025-0001234", 4, "VDG", "DG", new DateTimeOffset(2025, 2, 17, 10, 0, 0, TimeSpan.Zero)),
        new("WP-2025-0001234", 5, "SIG", "MT", new DateTimeOffset(2025, 3, 2, 11, 0, 0, TimeSpan.Zero)),
    ];

    [Fact]
    public void Maps_an_issued_permit_field_by_field()
    {
        var permit = LabourMapper.ToPermit(Delivre, Travailleur, Etapes);

        var expected = new Permit
        {
            Name = "permits/WP-2025-0001234",
            PermitNumber = "WP-2025-0001234",
            Worker = new Worker
            {
                TravelDocument = new TravelDocument
                {
                    Type = TravelDocumentType.Passport,
                    Number = "E12345678",
                    Nationality = "CHN",
                },
                GivenNames = "Wei",
                Surname = "WANG",
                BirthDate = new Google.Type.Date { Year = 1988, Month = 3, Day = 14 },
            },
            Employer = "employers/16B0012345",
            OccupationCode = "7112",
            OccupationTitle = "Macons",
            Status = PermitStatus.Issued,
            ValidFrom = new Google.Type.Date { Year = 2025, Month = 3, Day = 2 },
            ValidUntil = new Google.Type.Date { Year = 2026, Month = 3, Day = 1 },
            TrackingNumber = "20250110-00004567",
            Stages =
            {
                Stage(PermitStatus.Applied, DecidingRole.Unspecified, Etapes[0].DateDecision),
                Stage(PermitStatus.InitialApproval, DecidingRole.HeadOfDepartment, Etapes[1].DateDecision),
                Stage(PermitStatus.PriorApproval, DecidingRole.HeadOfService, Etapes[2].DateDecision),
                Stage(PermitStatus.PriorApproval, DecidingRole.DirectorGeneral, Etapes[3].DateDecision),
                Stage(PermitStatus.Issued, DecidingRole.Minister, Etapes[4].DateDecision),
            },
        };
        Assert.Equal(expected, permit);
    }

    [Fact]
    public void Stages_come_out_in_step_order_whatever_order_the_rows_came_in()
    {
        var permit = LabourMapper.ToPermit(Delivre, Travailleur, Etapes.Reverse());

        Assert.Equal(
            Etapes.Select(e => Timestamp.FromDateTimeOffset(e.DateDecision)),
            permit.Stages.Select(s => s.DecideTime));
    }

    [Fact]
    public void Application_not_yet_signed_has_no_validity()
    {
        var deposee = Delivre with { Statut = "DP", DateDebut = null, DateFin = null };

        var permit = LabourMapper.ToPermit(deposee, Travailleur, Etapes[..1]);

        Assert.Equal(PermitStatus.Applied, permit.Status);
        Assert.Null(permit.ValidFrom);
        Assert.Null(permit.ValidUntil);
        Assert.Single(permit.Stages);
    }

    [Fact]
    public void Source_update_time_is_the_later_of_the_permit_and_its_worker()
    {
        var workerChangedLater = Travailleur with { DateMaj = Delivre.DateMaj.AddDays(30) };

        Assert.Equal(Delivre.DateMaj, LabourMapper.ToSourcedPermit(Delivre, Travailleur, Etapes).SourceUpdateTime);
        Assert.Equal(workerChangedLater.DateMaj, LabourMapper.ToSourcedPermit(Delivre, workerChangedLater, Etapes).SourceUpdateTime);
    }

    [Theory]
    [InlineData("DP", PermitStatus.Applied)]
    [InlineData("AI", PermitStatus.InitialApproval)]
    [InlineData("AP", PermitStatus.PriorApproval)]
    [InlineData("DL", PermitStatus.Issued)]
    [InlineData("RN", PermitStatus.Renewed)]
    [InlineData("EX", PermitStatus.Expired)]
    [InlineData("RT", PermitStatus.Revoked)]
    [InlineData("RJ", PermitStatus.Rejected)]
    [InlineData("ZZ", PermitStatus.Unspecified)]
    public void Maps_every_status_code(string statut, PermitStatus expected) =>
        Assert.Equal(expected, LabourMapper.ToStatus(statut));

    [Theory]
    [InlineData("DEP", PermitStatus.Applied)]
    [InlineData("AIN", PermitStatus.InitialApproval)]
    [InlineData("APR", PermitStatus.PriorApproval)]
    [InlineData("VDG", PermitStatus.PriorApproval)]
    [InlineData("SIG", PermitStatus.Issued)]
    [InlineData("REN", PermitStatus.Renewed)]
    [InlineData("EXP", PermitStatus.Expired)]
    [InlineData("RET", PermitStatus.Revoked)]
    [InlineData("REJ", PermitStatus.Rejected)]
    [InlineData("XXX", PermitStatus.Unspecified)]
    public void Maps_every_step_code_to_the_status_it_leaves(string codeEtape, PermitStatus expected) =>
        Assert.Equal(expected, LabourMapper.ToStage(codeEtape));

    [Theory]
    [InlineData("CD", DecidingRole.HeadOfDepartment)]
    [InlineData("CS", DecidingRole.HeadOfService)]
    [InlineData("DG", DecidingRole.DirectorGeneral)]
    [InlineData("MT", DecidingRole.Minister)]
    [InlineData(null, DecidingRole.Unspecified)]
    public void Maps_every_deciding_role(string? codeRole, DecidingRole expected) =>
        Assert.Equal(expected, LabourMapper.ToRole(codeRole));

    [Theory]
    [InlineData("PP", TravelDocumentType.Passport)]
    [InlineData("TR", TravelDocumentType.RefugeeTravelDocument)]
    [InlineData("LP", TravelDocumentType.LaissezPasser)]
    public void Travel_document_types_map_both_ways(string typeDocument, TravelDocumentType type)
    {
        Assert.Equal(type, LabourMapper.ToTravelDocumentType(typeDocument));
        Assert.Equal(typeDocument, LabourMapper.ToTypeDocument(type));
    }

    [Fact]
    public void Unspecified_travel_document_type_has_no_native_code()
    {
        Assert.Null(LabourMapper.ToTypeDocument(TravelDocumentType.Unspecified));
        Assert.Equal(TravelDocumentType.Unspecified, LabourMapper.ToTravelDocumentType("XX"));
    }

    private static StageDecision Stage(PermitStatus stage, DecidingRole role, DateTimeOffset at) =>
        new() { Stage = stage, DecidingRole = role, DecideTime = Timestamp.FromDateTimeOffset(at) };
}
