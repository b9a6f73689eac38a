using Interop.Adapters.Outbox;
using Npgsql;
using NpgsqlTypes;

namespace Interop.Adapters.SocialSecurity;

/// <summary>Creates and bulk-loads the fund's own PostgreSQL database.</summary>
public static class SocialSecurityDatabase
{
    /// <summary>Drops and recreates the fund's tables, without keys or indexes so the load is fast.</summary>
    public static Task CreateSchemaAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        EmbeddedSql.ExecuteAsync(dataSource, typeof(SocialSecurityDatabase), "schema.sql", cancellationToken);

    /// <summary>Binary COPY of every table, each table on its own connection and thread, side by side.</summary>
    public static async Task LoadAsync(NpgsqlDataSource dataSource, SocialSecurityData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(data);
        await Task.WhenAll(
            CopyAsync(dataSource, "employeurs", "(id_compte, num_employeur, num_rc, raison_sociale, code_wilaya, date_affiliation, date_reprise, date_cloture, prelevement_automatique, maj_le)",
                data.Employeurs, WriteEmployeur, cancellationToken),
            CopyAsync(dataSource, "declarations", "(id_compte, annee, mois, nb_salaries, masse_salariale, cotisation_due, date_depot, maj_le)",
                data.Declarations, WriteDeclaration, cancellationToken),
            CopyAsync(dataSource, "versements", "(id_compte, annee, mois, num_ordre, montant, date_versement, mode_versement, maj_le)",
                data.Versements, WriteVersement, cancellationToken),
            CopyAsync(dataSource, "majorations", "(id_compte, annee, mois, montant, date_notification, date_paiement, maj_le)",
                data.Majorations, WriteMajoration, cancellationToken),
            CopyAsync(dataSource, "echeanciers", "(num_echeancier, id_compte, date_accord, annee_debut, mois_debut, annee_fin, mois_fin, montant_total, maj_le)",
                data.Echeanciers, WriteEcheancier, cancellationToken),
            CopyAsync(dataSource, "echeances", "(num_echeancier, rang, date_echeance, montant, date_paiement, maj_le)",
                data.Echeances, WriteEcheance, cancellationToken),
            CopyAsync(dataSource, "assures", "(num_assure, nom, prenom, date_naissance, sexe, nationalite, num_employeur, date_immatriculation, maj_le)",
                data.Assures, WriteAssure, cancellationToken));
    }

    /// <summary>Keys, the lookup indexes the adapter needs, fresh planner statistics, then the triggers that announce changes.</summary>
    /// <remarks>Each table's keys are built on their own connection, side by side.</remarks>
    public static async Task CreateIndexesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var blocks = EmbeddedSql.Read(typeof(SocialSecurityDatabase), "indexes.sql").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await Task.WhenAll(blocks.Select(async block =>
        {
            await using var command = dataSource.CreateCommand(block);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }));
        await using var analyze = dataSource.CreateCommand("ANALYZE employeurs, declarations, versements, majorations, echeanciers, echeances, assures");
        await analyze.ExecuteNonQueryAsync(cancellationToken);

        // Changes are announced from now on, once the load is complete (see changes.sql).
        await using var announce = dataSource.CreateCommand(EmbeddedSql.Read(typeof(SocialSecurityDatabase), "changes.sql"));
        await announce.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task CopyAsync<T>(
        NpgsqlDataSource dataSource,
        string table,
        string columns,
        IEnumerable<T> rows,
        Action<NpgsqlBinaryImporter, T> writeRow,
        CancellationToken cancellationToken)
    {
        // Generating and encoding millions of rows is CPU work: give each table a thread of its own, and write
        // synchronously (an await per field costs more than the copy itself); the buffer flushes as it fills.
        await Task.Factory.StartNew(
            () =>
            {
                using var connection = dataSource.OpenConnection();
                using var transaction = connection.BeginTransaction();
                // Emptied in the same transaction as the COPY: PostgreSQL can then skip the WAL (wal_level=minimal)
                // and write the rows already frozen, which makes the load several times cheaper.
                using (var truncate = new NpgsqlCommand($"TRUNCATE {table}", connection, transaction))
                {
                    truncate.ExecuteNonQuery();
                }

                using (var importer = connection.BeginBinaryImport($"COPY {table} {columns} FROM STDIN (FORMAT BINARY, FREEZE)"))
                {
                    foreach (var row in rows)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        importer.StartRow();
                        writeRow(importer, row);
                    }

                    importer.Complete();
                }

                transaction.Commit();
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    private static void WriteEmployeur(NpgsqlBinaryImporter importer, CompteEmployeur row)
    {
        importer.Write(row.IdCompte, NpgsqlDbType.Integer);
        importer.Write(row.NumEmployeur, NpgsqlDbType.Char);
        importer.Write(row.NumRc, NpgsqlDbType.Varchar);
        importer.Write(row.RaisonSociale, NpgsqlDbType.Text);
        importer.Write(row.CodeWilaya, NpgsqlDbType.Char);
        importer.Write(row.DateAffiliation, NpgsqlDbType.Date);
        WriteNullable(importer, row.DateReprise);
        WriteNullable(importer, row.DateCloture);
        importer.Write(row.PrelevementAutomatique, NpgsqlDbType.Boolean);
        importer.Write(row.MajLe, NpgsqlDbType.TimestampTz);
    }

    private static void WriteDeclaration(NpgsqlBinaryImporter importer, DeclarationMensuelle row)
    {
        importer.Write(row.IdCompte, NpgsqlDbType.Integer);
        importer.Write(row.Annee, NpgsqlDbType.Smallint);
        importer.Write(row.Mois, NpgsqlDbType.Smallint);
        importer.Write(row.NbSalaries, NpgsqlDbType.Integer);
        importer.Write(row.MasseSalariale, NpgsqlDbType.Bigint);
        importer.Write(row.CotisationDue, NpgsqlDbType.Bigint);
        importer.Write(row.DateDepot, NpgsqlDbType.Date);
        importer.Write(row.MajLe, NpgsqlDbType.TimestampTz);
    }

    private static void WriteVersement(NpgsqlBinaryImporter importer, Versement row)
    {
        importer.Write(row.IdCompte, NpgsqlDbType.Integer);
        importer.Write(row.Annee, NpgsqlDbType.Smallint);
        importer.Write(row.Mois, NpgsqlDbType.Smallint);
        importer.Write(row.NumOrdre, NpgsqlDbType.Smallint);
        importer.Write(row.Montant, NpgsqlDbType.Bigint);
        importer.Write(row.DateVersement, NpgsqlDbType.Date);
        importer.Write(row.ModeVersement, NpgsqlDbType.Char);
        importer.Write(row.MajLe, NpgsqlDbType.TimestampTz);
    }

    private static void WriteMajoration(NpgsqlBinaryImporter importer, Majoration row)
    {
        importer.Write(row.IdCompte, NpgsqlDbType.Integer);
        importer.Write(row.Annee, NpgsqlDbType.Smallint);
        importer.Write(row.Mois, NpgsqlDbType.Smallint);
        importer.Write(row.Montant, NpgsqlDbType.Bigint);
        importer.Write(row.DateNotification, NpgsqlDbType.Date);
        WriteNullable(importer, row.DatePaiement);
        importer.Write(row.MajLe, NpgsqlDbType.TimestampTz);
    }

    private static void WriteEcheancier(NpgsqlBinaryImporter importer, Echeancier row)
    {
        importer.Write(row.NumEcheancier, NpgsqlDbType.Integer);
        importer.Write(row.IdCompte, NpgsqlDbType.Integer);
        importer.Write(row.DateAccord, NpgsqlDbType.Date);
        importer.Write(row.AnneeDebut, NpgsqlDbType.Smallint);
        importer.Write(row.MoisDebut, NpgsqlDbType.Smallint);
        importer.Write(row.AnneeFin, NpgsqlDbType.Smallint);
        importer.Write(row.MoisFin, NpgsqlDbType.Smallint);
        importer.Write(row.MontantTotal, NpgsqlDbType.Bigint);
        importer.Write(row.MajLe, NpgsqlDbType.TimestampTz);
    }

    private static void WriteEcheance(NpgsqlBinaryImporter importer, Echeance row)
    {
        importer.Write(row.NumEcheancier, NpgsqlDbType.Integer);
        importer.Write(row.Rang, NpgsqlDbType.Smallint);
        importer.Write(row.DateEcheance, NpgsqlDbType.Date);
        importer.Write(row.Montant, NpgsqlDbType.Bigint);
        WriteNullable(importer, row.DatePaiement);
        importer.Write(row.MajLe, NpgsqlDbType.TimestampTz);
    }

    private static void WriteAssure(NpgsqlBinaryImporter importer, Assure row)
    {
        importer.Write(row.NumAssure, NpgsqlDbType.Char);
        importer.Write(row.Nom, NpgsqlDbType.Text);
        importer.Write(row.Prenom, NpgsqlDbType.Text);
        importer.Write(row.DateNaissance, NpgsqlDbType.Date);
        importer.Write(row.Sexe, NpgsqlDbType.Char);
        importer.Write(row.Nationalite, NpgsqlDbType.Char);
        if (row.NumEmployeur is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(row.NumEmployeur, NpgsqlDbType.Char);
        }

        importer.Write(row.DateImmatriculation, NpgsqlDbType.Date);
        importer.Write(row.MajLe, NpgsqlDbType.TimestampTz);
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, DateOnly? date)
    {
        if (date is { } value)
        {
            importer.Write(value, NpgsqlDbType.Date);
        }
        else
        {
            importer.WriteNull();
        }
    }

}
