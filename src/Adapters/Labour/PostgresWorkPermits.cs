using System.Net.Sockets;
using Interop.Permits.V1;
using Interop.Ports;
using Npgsql;
using NpgsqlTypes;

namespace Interop.Adapters.Labour;

/// <summary>The ministry's work permits, read from its PostgreSQL database.</summary>
public sealed class PostgresWorkPermits(NpgsqlDataSource dataSource) : IWorkPermits
{
    // One round trip per call: the permit, its worker, and its steps folded into arrays in step order.
    private const string SelectPermits = """
        SELECT p.numero_permis, p.numero_suivi, p.id_travailleur, p.num_rc, p.code_profession, p.libelle_profession,
               p.statut, p.date_depot, p.date_debut, p.date_fin, p.date_maj,
               t.type_document, t.num_document, t.code_nationalite, t.nom, t.prenoms, t.date_naissance, t.date_maj,
               e.ordres, e.etapes, e.roles, e.dates
        FROM permis_travail p
        JOIN travailleur_etranger t ON t.id_travailleur = p.id_travailleur
        CROSS JOIN LATERAL (
            SELECT array_agg(s.num_ordre ORDER BY s.num_ordre) AS ordres,
                   array_agg(s.code_etape ORDER BY s.num_ordre) AS etapes,
                   array_agg(s.code_role ORDER BY s.num_ordre) AS roles,
                   array_agg(s.date_decision ORDER BY s.num_ordre) AS dates
            FROM etape_permis s
            WHERE s.numero_permis = p.numero_permis) e
        """;

    private const string SelectPermitByNumber = SelectPermits + """

        WHERE p.numero_permis = $1
        """;

    private const string SelectWorkerPermits = SelectPermits + """

        WHERE t.num_document = $1 AND t.type_document = $2 AND t.code_nationalite = $3
        ORDER BY p.date_depot DESC, p.numero_permis DESC
        """;

    // '' sorts before every permit number, so the first page needs no separate statement.
    private const string SelectEmployerPermits = SelectPermits + """

        WHERE p.num_rc = $1 AND p.numero_permis > $2
        ORDER BY p.numero_permis
        LIMIT $3
        """;

    private readonly NpgsqlDataSource _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    public async Task<Sourced<Permit>?> GetPermitAsync(string permitNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(permitNumber);
        var permits = await QueryAsync(
            SelectPermitByNumber,
            [new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = permitNumber }],
            "read a work permit",
            cancellationToken);
        return permits.Count == 0 ? null : permits[0];
    }

    public async Task<IReadOnlyList<Sourced<Permit>>> ListWorkerPermitsAsync(
        TravelDocument travelDocument, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(travelDocument);
        if (LabourMapper.ToTypeDocument(travelDocument.Type) is not { } typeDocument)
        {
            return [];
        }

        return await QueryAsync(
            SelectWorkerPermits,
            [
                new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = travelDocument.Number },
                new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Char, TypedValue = typeDocument },
                new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Char, TypedValue = travelDocument.Nationality },
            ],
            "list a worker's permits",
            cancellationToken);
    }

    public async Task<PermitPage> ListEmployerPermitsAsync(
        string registryNumber, int pageSize, string? afterPermitNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registryNumber);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        // One row beyond the page says whether another page follows.
        var permits = await QueryAsync(
            SelectEmployerPermits,
            [
                new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = registryNumber },
                new NpgsqlParameter<string>() { NpgsqlDbType = NpgsqlDbType.Varchar, TypedValue = afterPermitNumber ?? "" },
                new NpgsqlParameter<int>() { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = pageSize + 1 },
            ],
            "list an employer's permits",
            cancellationToken);
        var hasMore = permits.Count > pageSize;
        if (hasMore)
        {
            permits.RemoveAt(permits.Count - 1);
        }

        return new PermitPage(permits, hasMore);
    }

    private async Task<List<Sourced<Permit>>> QueryAsync(
        string sql, NpgsqlParameter[] parameters, string operation, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters);
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var permits = new List<Sourced<Permit>>();
            while (await reader.ReadAsync(cancellationToken))
            {
                permits.Add(ReadPermit(reader));
            }

            return permits;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or SocketException)
        {
            // The cause stays in the inner exception for the hub's logs; the message may reach other agencies.
            throw new AgencyUnavailableException(
                AgencyCodes.MinistryOfLabour,
                $"The Ministry of Labour's permit database did not answer (could not {operation}).",
                ex);
        }
    }

    private static Sourced<Permit> ReadPermit(NpgsqlDataReader reader)
    {
        var numeroPermis = reader.GetString(0);
        var permis = new PermisTravail(
            NumeroPermis: numeroPermis,
            NumeroSuivi: reader.GetString(1),
            IdTravailleur: reader.GetInt32(2),
            NumRc: reader.GetString(3),
            CodeProfession: reader.GetString(4),
            LibelleProfession: reader.GetString(5),
            Statut: reader.GetString(6),
            DateDepot: reader.GetFieldValue<DateOnly>(7),
            DateDebut: reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8),
            DateFin: reader.IsDBNull(9) ? null : reader.GetFieldValue<DateOnly>(9),
            DateMaj: reader.GetFieldValue<DateTimeOffset>(10));
        var travailleur = new TravailleurEtranger(
            IdTravailleur: permis.IdTravailleur,
            TypeDocument: reader.GetString(11),
            NumDocument: reader.GetString(12),
            CodeNationalite: reader.GetString(13),
            Nom: reader.GetString(14),
            Prenoms: reader.GetString(15),
            DateNaissance: reader.GetFieldValue<DateOnly>(16),
            DateMaj: reader.GetFieldValue<DateTimeOffset>(17));

        var etapes = new List<EtapePermis>();
        if (!reader.IsDBNull(18))
        {
            var ordres = reader.GetFieldValue<short[]>(18);
            var codes = reader.GetFieldValue<string[]>(19);
            var roles = reader.GetFieldValue<string?[]>(20);
            var dates = reader.GetFieldValue<DateTime[]>(21);
            for (var i = 0; i < ordres.Length; i++)
            {
                etapes.Add(new EtapePermis(numeroPermis, ordres[i], codes[i], roles[i], new DateTimeOffset(dates[i])));
            }
        }

        return LabourMapper.ToSourcedPermit(permis, travailleur, etapes);
    }
}
