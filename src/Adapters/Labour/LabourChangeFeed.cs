using Interop.Adapters.Outbox;
using Interop.Permits.V1;
using Interop.Ports;
using Npgsql;

namespace Interop.Adapters.Labour;

/// <summary>
/// The ministry's committed changes, read from its outbox <c>mol_changes</c>: each row names a permit, its
/// employer and its worker's document as they were (or are) when the change was made.
/// </summary>
public sealed class LabourChangeFeed(NpgsqlDataSource dataSource) : PostgresOutboxFeed(
    dataSource,
    AgencyCodes.MinistryOfLabour,
    "mol_changes",
    "entity, numero_permis, num_rc, type_document, num_document, code_nationalite",
    "mol_changes")
{
    protected override IEnumerable<ChangeNotice> ReadNotices(NpgsqlDataReader reader)
    {
        if (!reader.IsDBNull(2))
        {
            yield return new ChangeNotice(AgencyCode, ChangeKind.Permit, [reader.GetString(2)]);
        }

        if (!reader.IsDBNull(3))
        {
            yield return new ChangeNotice(AgencyCode, ChangeKind.EmployerPermits, [reader.GetString(3)]);
        }

        if (!reader.IsDBNull(4))
        {
            var document = new TravelDocument
            {
                Type = LabourMapper.ToTravelDocumentType(reader.GetString(4)),
                Number = reader.GetString(5),
                Nationality = reader.GetString(6),
            };
            yield return new ChangeNotice(AgencyCode, ChangeKind.WorkerPermits, [ChangeKeys.TravelDocument(document)]);
        }
    }
}
