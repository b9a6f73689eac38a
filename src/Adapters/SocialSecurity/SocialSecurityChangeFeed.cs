using Interop.Adapters.Outbox;
using Interop.Ports;
using Npgsql;

namespace Interop.Adapters.SocialSecurity;

/// <summary>
/// The fund's committed changes, read from its outbox <c>ssf_changes</c>: any row of an employer's account
/// (declaration, payment, penalty, payment plan and its instalments) changes its standing at every date.
/// </summary>
public sealed class SocialSecurityChangeFeed(NpgsqlDataSource dataSource)
    : PostgresOutboxFeed(dataSource, AgencyCodes.SocialSecurityFund, "ssf_changes", "entity, num_rc", "ssf_changes")
{
    protected override IEnumerable<ChangeNotice> ReadNotices(NpgsqlDataReader reader)
    {
        // A row whose account no longer exists names no employer: its standing is "not registered" either way.
        if (!reader.IsDBNull(2))
        {
            yield return new ChangeNotice(AgencyCode, ChangeKind.Standing, [reader.GetString(2)]);
        }
    }
}
