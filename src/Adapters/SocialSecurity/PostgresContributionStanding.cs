using System.Net.Sockets;
using Interop.Contributions.V1;
using Interop.Ports;
using Npgsql;
using NpgsqlTypes;

namespace Interop.Adapters.SocialSecurity;

/// <summary>The fund's standing computed from its own PostgreSQL database.</summary>
public sealed class PostgresContributionStanding(NpgsqlDataSource dataSource) : IContributionStanding
{
    // One round trip: every statement finds the account by its registry number itself.
    private const string AccountByRegistryNumber = "(SELECT id_compte FROM employeurs WHERE num_rc = $1)";

    private static readonly string[] Statements =
    [
        """
        SELECT id_compte, num_employeur, num_rc, raison_sociale, code_wilaya, date_affiliation, date_reprise,
               date_cloture, prelevement_automatique, maj_le
        FROM employeurs WHERE num_rc = $1
        """,
        $"""
        SELECT id_compte, annee, mois, nb_salaries, masse_salariale, cotisation_due, date_depot, maj_le
        FROM declarations WHERE id_compte = {AccountByRegistryNumber}
        """,
        $"""
        SELECT id_compte, annee, mois, num_ordre, montant, date_versement, mode_versement, maj_le
        FROM versements WHERE id_compte = {AccountByRegistryNumber}
        """,
        $"""
        SELECT id_compte, annee, mois, montant, date_notification, date_paiement, maj_le
        FROM majorations WHERE id_compte = {AccountByRegistryNumber}
        """,
        $"""
        SELECT num_echeancier, id_compte, date_accord, annee_debut, mois_debut, annee_fin, mois_fin, montant_total, maj_le
        FROM echeanciers WHERE id_compte = {AccountByRegistryNumber}
        """,
        $"""
        SELECT e.num_echeancier, e.rang, e.date_echeance, e.montant, e.date_paiement, e.maj_le
        FROM echeances e JOIN echeanciers p ON p.num_echeancier = e.num_echeancier
        WHERE p.id_compte = {AccountByRegistryNumber}
        """,
    ];

    private readonly NpgsqlDataSource _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    public async Task<Sourced<Standing>?> GetStandingAsync(string registryNumber, DateOnly asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registryNumber);
        try
        {
            var dossier = await ReadDossierAsync(registryNumber, cancellationToken);
            return dossier is null ? null : SocialSecurityMapper.ToSourcedStanding(dossier, asOf);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or SocketException)
        {
            throw new AgencyUnavailableException(
                AgencyCodes.SocialSecurityFund,
                $"The Social Security Fund's contribution database could not be read: {ex.Message}",
                ex);
        }
    }

    private async Task<DossierEmployeur?> ReadDossierAsync(string registryNumber, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var statement in Statements)
        {
            var command = new NpgsqlBatchCommand(statement);
            command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = registryNumber });
            batch.BatchCommands.Add(command);
        }

        await batch.PrepareAsync(cancellationToken);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var compte = new CompteEmployeur(
            IdCompte: reader.GetInt32(0),
            NumEmployeur: reader.GetString(1),
            NumRc: reader.GetString(2),
            RaisonSociale: reader.GetString(3),
            CodeWilaya: reader.GetString(4),
            DateAffiliation: reader.GetFieldValue<DateOnly>(5),
            DateReprise: await NullableDateAsync(reader, 6, cancellationToken),
            DateCloture: await NullableDateAsync(reader, 7, cancellationToken),
            PrelevementAutomatique: reader.GetBoolean(8),
            MajLe: reader.GetDateTime(9));

        var declarations = new List<DeclarationMensuelle>();
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            declarations.Add(new DeclarationMensuelle(
                reader.GetInt32(0), reader.GetInt16(1), reader.GetInt16(2), reader.GetInt32(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetFieldValue<DateOnly>(6), reader.GetDateTime(7)));
        }

        var versements = new List<Versement>();
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versements.Add(new Versement(
                reader.GetInt32(0), reader.GetInt16(1), reader.GetInt16(2), reader.GetInt16(3), reader.GetInt64(4),
                reader.GetFieldValue<DateOnly>(5), reader.GetChar(6), reader.GetDateTime(7)));
        }

        var majorations = new List<Majoration>();
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            majorations.Add(new Majoration(
                reader.GetInt32(0), reader.GetInt16(1), reader.GetInt16(2), reader.GetInt64(3),
                reader.GetFieldValue<DateOnly>(4), await NullableDateAsync(reader, 5, cancellationToken), reader.GetDateTime(6)));
        }

        var echeanciers = new List<Echeancier>();
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            echeanciers.Add(new Echeancier(
                reader.GetInt32(0), reader.GetInt32(1), reader.GetFieldValue<DateOnly>(2), reader.GetInt16(3), reader.GetInt16(4),
                reader.GetInt16(5), reader.GetInt16(6), reader.GetInt64(7), reader.GetDateTime(8)));
        }

        var echeances = new List<Echeance>();
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            echeances.Add(new Echeance(
                reader.GetInt32(0), reader.GetInt16(1), reader.GetFieldValue<DateOnly>(2), reader.GetInt64(3),
                await NullableDateAsync(reader, 4, cancellationToken), reader.GetDateTime(5)));
        }

        return new DossierEmployeur(compte, declarations, versements, majorations, echeanciers, echeances);
    }

    private static async Task<DateOnly?> NullableDateAsync(NpgsqlDataReader reader, int ordinal, CancellationToken cancellationToken) =>
        await reader.IsDBNullAsync(ordinal, cancellationToken) ? null : reader.GetFieldValue<DateOnly>(ordinal);
}
