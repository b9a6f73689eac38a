using Google.Protobuf.WellKnownTypes;
using Interop.Permits.V1;
using Interop.Ports;

namespace Interop.Adapters.Labour;

/// <summary>The ministry's rows as the hub's <see cref="Permit"/>; the one mapping both backends use.</summary>
public static class LabourMapper
{
    public const string PermitNamePrefix = "permits/";
    public const string EmployerNamePrefix = "employers/";

    /// <param name="etapes">The permit's steps, in any order.</param>
    public static Permit ToPermit(PermisTravail permis, TravailleurEtranger travailleur, IEnumerable<EtapePermis> etapes)
    {
        ArgumentNullException.ThrowIfNull(permis);
        ArgumentNullException.ThrowIfNull(travailleur);
        ArgumentNullException.ThrowIfNull(etapes);

        var permit = new Permit
        {
            Name = PermitNamePrefix + permis.NumeroPermis,
            PermitNumber = permis.NumeroPermis,
            Worker = ToWorker(travailleur),
            Employer = EmployerNamePrefix + permis.NumRc,
            OccupationCode = permis.CodeProfession,
            OccupationTitle = permis.LibelleProfession,
            Status = ToStatus(permis.Statut),
            ValidFrom = permis.DateDebut is { } debut ? ToDate(debut) : null,
            ValidUntil = permis.DateFin is { } fin ? ToDate(fin) : null,
            TrackingNumber = permis.NumeroSuivi,
        };
        foreach (var etape in etapes.OrderBy(e => e.NumOrdre))
        {
            permit.Stages.Add(new StageDecision
            {
                Stage = ToStage(etape.CodeEtape),
                DecidingRole = ToRole(etape.CodeRole),
                DecideTime = Timestamp.FromDateTimeOffset(etape.DateDecision),
            });
        }

        return permit;
    }

    /// <summary>The permit changes at the source when its row or its worker's row does.</summary>
    public static Sourced<Permit> ToSourcedPermit(PermisTravail permis, TravailleurEtranger travailleur, IEnumerable<EtapePermis> etapes) =>
        new(ToPermit(permis, travailleur, etapes), permis.DateMaj > travailleur.DateMaj ? permis.DateMaj : travailleur.DateMaj);

    public static Worker ToWorker(TravailleurEtranger travailleur)
    {
        ArgumentNullException.ThrowIfNull(travailleur);
        return new Worker
        {
            TravelDocument = new TravelDocument
            {
                Type = ToTravelDocumentType(travailleur.TypeDocument),
                Number = travailleur.NumDocument,
                Nationality = travailleur.CodeNationalite,
            },
            GivenNames = travailleur.Prenoms,
            Surname = travailleur.Nom,
            BirthDate = ToDate(travailleur.DateNaissance),
        };
    }

    public static PermitStatus ToStatus(string statut) => statut switch
    {
        CodeStatut.Deposee => PermitStatus.Applied,
        CodeStatut.AccordInitial => PermitStatus.InitialApproval,
        CodeStatut.AccordPrealable => PermitStatus.PriorApproval,
        CodeStatut.Delivre => PermitStatus.Issued,
        CodeStatut.Renouvele => PermitStatus.Renewed,
        CodeStatut.Expire => PermitStatus.Expired,
        CodeStatut.Retire => PermitStatus.Revoked,
        CodeStatut.Rejete => PermitStatus.Rejected,
        _ => PermitStatus.Unspecified,
    };

    /// <summary>The status a step leaves the permit in.</summary>
    public static PermitStatus ToStage(string codeEtape) => codeEtape switch
    {
        CodeEtape.Depot => PermitStatus.Applied,
        CodeEtape.AccordInitial => PermitStatus.InitialApproval,
        // The director general endorses the prior approval; the status only moves when the minister signs.
        CodeEtape.AccordPrealable or CodeEtape.VisaDirecteurGeneral => PermitStatus.PriorApproval,
        CodeEtape.SignatureMinistre => PermitStatus.Issued,
        CodeEtape.Renouvellement => PermitStatus.Renewed,
        CodeEtape.Expiration => PermitStatus.Expired,
        CodeEtape.Retrait => PermitStatus.Revoked,
        CodeEtape.Rejet => PermitStatus.Rejected,
        _ => PermitStatus.Unspecified,
    };

    /// <summary>Steps nobody signed (the applicant's filing, expiry at the end of validity) have no deciding role.</summary>
    public static DecidingRole ToRole(string? codeRole) => codeRole switch
    {
        CodeRole.ChefDepartement => DecidingRole.HeadOfDepartment,
        CodeRole.ChefService => DecidingRole.HeadOfService,
        CodeRole.DirecteurGeneral => DecidingRole.DirectorGeneral,
        CodeRole.Ministre => DecidingRole.Minister,
        _ => DecidingRole.Unspecified,
    };

    public static TravelDocumentType ToTravelDocumentType(string typeDocument) => typeDocument switch
    {
        TypeDocument.Passeport => TravelDocumentType.Passport,
        TypeDocument.TitreVoyageRefugie => TravelDocumentType.RefugeeTravelDocument,
        TypeDocument.LaissezPasser => TravelDocumentType.LaissezPasser,
        _ => TravelDocumentType.Unspecified,
    };

    /// <returns>The ministry's code, or null for a type it does not register.</returns>
    public static string? ToTypeDocument(TravelDocumentType type) => type switch
    {
        TravelDocumentType.Passport => TypeDocument.Passeport,
        TravelDocumentType.RefugeeTravelDocument => TypeDocument.TitreVoyageRefugie,
        TravelDocumentType.LaissezPasser => TypeDocument.LaissezPasser,
        _ => null,
    };

    public static Google.Type.Date ToDate(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };
}
