using System.Net.Sockets;
using Interop.Employers.V1;
using Interop.Ports;
using Npgsql;

namespace Interop.Adapters.CommercialRegistry;

/// <summary>Reads employers from the registry's PostgreSQL database.</summary>
public sealed class PostgresEmployerRegistry(NpgsqlDataSource dataSource) : IEmployerRegistry
{
    // ReadRow depends on this column order.
    private const string SelectEntreprise = """
        SELECT e.num_rc, e.nif, e.num_employeur_cnas, e.raison_sociale, e.raison_sociale_ar, e.forme_juridique,
               e.etat, e.date_immatriculation, e.date_suspension, e.date_radiation, e.code_activite, e.code_wilaya,
               e.effectif_declare, e.date_maj, w.libelle_wilaya, w.libelle_wilaya_ar
        FROM rc_entreprise e
        JOIN rc_wilaya w ON w.code_wilaya = e.code_wilaya
        """;

    private const string SelectByNumRc = SelectEntreprise + "\nWHERE e.num_rc = $1";

    private const string SelectByNumRcs = SelectEntreprise + "\nWHERE e.num_rc = ANY($1)";

    private readonly NpgsqlDataSource _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    public async Task<Sourced<Employer>?> GetEmployerAsync(string registryNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registryNumber);
        var rows = await QueryAsync(SelectByNumRc, new NpgsqlParameter<string> { TypedValue = registryNumber }, cancellationToken);
        return rows.Count == 0 ? null : CommercialRegistryMapper.ToSourcedEmployer(rows[0].Entreprise, rows[0].Wilaya);
    }

    public async Task<IReadOnlyList<Sourced<Employer>?>> GetEmployersAsync(
        IReadOnlyList<string> registryNumbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registryNumbers);
        if (registryNumbers.Count == 0)
        {
            return [];
        }

        var distinctNumbers = registryNumbers.Distinct(StringComparer.Ordinal).ToArray();
        var rows = await QueryAsync(SelectByNumRcs, new NpgsqlParameter<string[]> { TypedValue = distinctNumbers }, cancellationToken);
        var rowsByNumber = rows.ToDictionary(row => row.Entreprise.NumRc, StringComparer.Ordinal);

        // Mapped per position, so a number asked twice gets two independent messages the caller may mutate.
        var results = new Sourced<Employer>?[registryNumbers.Count];
        for (var i = 0; i < results.Length; i++)
        {
            if (rowsByNumber.TryGetValue(registryNumbers[i], out var row))
            {
                results[i] = CommercialRegistryMapper.ToSourcedEmployer(row.Entreprise, row.Wilaya);
            }
        }

        return results;
    }

    private async Task<List<(RcEntreprise Entreprise, RcWilaya Wilaya)>> QueryAsync(
        string sql, NpgsqlParameter parameter, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(parameter);
            // Prepared statements outlive the pooled connection: after the first call this is a no-op.
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<(RcEntreprise, RcWilaya)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(ReadRow(reader));
            }

            return rows;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or SocketException)
        {
            // A connection torn down by our own cancellation is a cancellation, not an outage.
            cancellationToken.ThrowIfCancellationRequested();
            throw new AgencyUnavailableException(
                AgencyCodes.CommercialRegistry, "The Commercial Registry's database did not answer.", ex);
        }
    }

    private static (RcEntreprise, RcWilaya) ReadRow(NpgsqlDataReader reader)
    {
        var entreprise = new RcEntreprise(
            NumRc: reader.GetString(0),
            Nif: reader.GetString(1),
            NumEmployeurCnas: reader.IsDBNull(2) ? null : reader.GetString(2),
            RaisonSociale: reader.GetString(3),
            RaisonSocialeAr: reader.GetString(4),
            FormeJuridique: reader.GetString(5),
            Etat: reader.GetChar(6),
            DateImmatriculation: reader.GetFieldValue<DateOnly>(7),
            DateSuspension: reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8),
            DateRadiation: reader.IsDBNull(9) ? null : reader.GetFieldValue<DateOnly>(9),
            CodeActivite: reader.GetString(10),
            CodeWilaya: reader.GetInt16(11),
            EffectifDeclare: reader.GetInt32(12),
            DateMaj: reader.GetFieldValue<DateTimeOffset>(13));
        var wilaya = new RcWilaya(entreprise.CodeWilaya, reader.GetString(14), reader.GetString(15));
        return (entreprise, wilaya);
    }
}
