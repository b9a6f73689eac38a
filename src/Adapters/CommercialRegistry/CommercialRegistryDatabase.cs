using Interop.Adapters.Outbox;
using Npgsql;
using NpgsqlTypes;

namespace Interop.Adapters.CommercialRegistry;

/// <summary>Creates and bulk-loads the registry's own PostgreSQL database.</summary>
public static class CommercialRegistryDatabase
{
    /// <summary>Drops and recreates the registry's tables, without keys or indexes so the load is fast.</summary>
    public static Task CreateSchemaAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        EmbeddedSql.ExecuteAsync(dataSource, typeof(CommercialRegistryDatabase), "schema.sql", cancellationToken);

    /// <summary>Binary COPY of every table, each table on its own connection.</summary>
    public static async Task LoadAsync(NpgsqlDataSource dataSource, CommercialRegistryData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(data);
        await Task.WhenAll(
            LoadWilayasAsync(dataSource, data.Wilayas, cancellationToken),
            LoadEntreprisesAsync(dataSource, data.Entreprises, cancellationToken));
    }

    /// <summary>Keys, the lookup indexes the adapter needs, then fresh planner statistics.</summary>
    public static Task CreateIndexesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        EmbeddedSql.ExecuteAsync(dataSource, typeof(CommercialRegistryDatabase), "indexes.sql", cancellationToken);

    private static async Task LoadWilayasAsync(
        NpgsqlDataSource dataSource, IEnumerable<RcWilaya> wilayas, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY rc_wilaya (code_wilaya, libelle_wilaya, libelle_wilaya_ar) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var wilaya in wilayas)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(wilaya.CodeWilaya, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync(wilaya.LibelleWilaya, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(wilaya.LibelleWilayaAr, NpgsqlDbType.Varchar, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task LoadEntreprisesAsync(
        NpgsqlDataSource dataSource, IEnumerable<RcEntreprise> entreprises, CancellationToken cancellationToken)
    {
        // Generation is CPU work: keep it off the caller's thread so the tables load side by side.
        await Task.Yield();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(
            """
            COPY rc_entreprise (num_rc, nif, num_employeur_cnas, raison_sociale, raison_sociale_ar, forme_juridique,
                                etat, date_immatriculation, date_suspension, date_radiation, code_activite, code_wilaya,
                                effectif_declare, date_maj)
            FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken);
        foreach (var entreprise in entreprises)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(entreprise.NumRc, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(entreprise.Nif, NpgsqlDbType.Char, cancellationToken);
            await WriteNullableAsync(importer, entreprise.NumEmployeurCnas, NpgsqlDbType.Char, cancellationToken);
            await importer.WriteAsync(entreprise.RaisonSociale, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(entreprise.RaisonSocialeAr, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(entreprise.FormeJuridique, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(entreprise.Etat, NpgsqlDbType.Char, cancellationToken);
            await importer.WriteAsync(entreprise.DateImmatriculation, NpgsqlDbType.Date, cancellationToken);
            await WriteNullableAsync(importer, entreprise.DateSuspension, NpgsqlDbType.Date, cancellationToken);
            await WriteNullableAsync(importer, entreprise.DateRadiation, NpgsqlDbType.Date, cancellationToken);
            await importer.WriteAsync(entreprise.CodeActivite, NpgsqlDbType.Char, cancellationToken);
            await importer.WriteAsync(entreprise.CodeWilaya, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync(entreprise.EffectifDeclare, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(entreprise.DateMaj, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullableAsync(
        NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);

    private static Task WriteNullableAsync(
        NpgsqlBinaryImporter importer, DateOnly? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is { } date ? importer.WriteAsync(date, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}
