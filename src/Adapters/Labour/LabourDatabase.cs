using Interop.Adapters.Outbox;
using Npgsql;
using NpgsqlTypes;

namespace Interop.Adapters.Labour;

/// <summary>Creates and bulk-loads the ministry's database.</summary>
public static class LabourDatabase
{
    /// <summary>Drops and recreates the tables, without secondary indexes so that loading is fast.</summary>
    public static Task CreateSchemaAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        EmbeddedSql.ExecuteAsync(dataSource, typeof(LabourDatabase), "schema.sql", cancellationToken);

    /// <summary>Binary COPY of every table, each on its own connection, in parallel.</summary>
    public static async Task LoadAsync(NpgsqlDataSource dataSource, LabourData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(data);
        await Task.WhenAll(
            Task.Run(() => LoadTravailleursAsync(dataSource, data.Travailleurs, cancellationToken), cancellationToken),
            Task.Run(() => LoadPermisAsync(dataSource, data.Permis, cancellationToken), cancellationToken),
            Task.Run(() => LoadEtapesAsync(dataSource, data.Etapes, cancellationToken), cancellationToken));
    }

    /// <summary>Primary and foreign keys, the indexes the adapter's queries need, then fresh statistics.</summary>
    public static Task CreateIndexesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        EmbeddedSql.ExecuteAsync(dataSource, typeof(LabourDatabase), "indexes.sql", cancellationToken);

    private static async Task LoadTravailleursAsync(
        NpgsqlDataSource dataSource, IEnumerable<TravailleurEtranger> rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY travailleur_etranger (id_travailleur, type_document, num_document, code_nationalite, nom, prenoms, date_naissance, date_maj) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.IdTravailleur, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(row.TypeDocument, NpgsqlDbType.Char, cancellationToken);
            await importer.WriteAsync(row.NumDocument, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(row.CodeNationalite, NpgsqlDbType.Char, cancellationToken);
            await importer.WriteAsync(row.Nom, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(row.Prenoms, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(row.DateNaissance, NpgsqlDbType.Date, cancellationToken);
            await importer.WriteAsync(row.DateMaj, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task LoadPermisAsync(
        NpgsqlDataSource dataSource, IEnumerable<PermisTravail> rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY permis_travail (numero_permis, numero_suivi, id_travailleur, num_rc, code_profession, libelle_profession, statut, date_depot, date_debut, date_fin, date_maj) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.NumeroPermis, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(row.NumeroSuivi, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(row.IdTravailleur, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(row.NumRc, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(row.CodeProfession, NpgsqlDbType.Char, cancellationToken);
            await importer.WriteAsync(row.LibelleProfession, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(row.Statut, NpgsqlDbType.Char, cancellationToken);
            await importer.WriteAsync(row.DateDepot, NpgsqlDbType.Date, cancellationToken);
            await WriteNullableDateAsync(importer, row.DateDebut, cancellationToken);
            await WriteNullableDateAsync(importer, row.DateFin, cancellationToken);
            await importer.WriteAsync(row.DateMaj, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task LoadEtapesAsync(
        NpgsqlDataSource dataSource, IEnumerable<EtapePermis> rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY etape_permis (numero_permis, num_ordre, code_etape, code_role, date_decision) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.NumeroPermis, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(row.NumOrdre, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync(row.CodeEtape, NpgsqlDbType.Char, cancellationToken);
            if (row.CodeRole is null)
            {
                await importer.WriteNullAsync(cancellationToken);
            }
            else
            {
                await importer.WriteAsync(row.CodeRole, NpgsqlDbType.Char, cancellationToken);
            }

            await importer.WriteAsync(row.DateDecision, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task WriteNullableDateAsync(NpgsqlBinaryImporter importer, DateOnly? date, CancellationToken cancellationToken)
    {
        if (date is { } value)
        {
            await importer.WriteAsync(value, NpgsqlDbType.Date, cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
        }
    }
}
