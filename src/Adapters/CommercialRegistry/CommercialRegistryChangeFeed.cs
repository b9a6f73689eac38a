using Interop.Adapters.Outbox;
using Interop.Ports;
using Npgsql;

namespace Interop.Adapters.CommercialRegistry;

/// <summary>The registry's committed changes, read from its outbox <c>cr_changes</c>.</summary>
public sealed class CommercialRegistryChangeFeed(NpgsqlDataSource dataSource)
    : PostgresOutboxFeed(dataSource, AgencyCodes.CommercialRegistry, "cr_changes", "entity, num_rc", "cr_changes")
{
    protected override IEnumerable<ChangeNotice> ReadNotices(NpgsqlDataReader reader)
    {
        // A row without a registry number comes from a reference table every employer shows (rc_wilaya).
        yield return reader.IsDBNull(2)
            ? new ChangeNotice(AgencyCode, ChangeKind.Everything, [])
            : new ChangeNotice(AgencyCode, ChangeKind.Employer, [reader.GetString(2)]);
    }
}
