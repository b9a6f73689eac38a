using Grpc.Core;
using Interop.Hub.Access;
using Interop.Hub.V1;
using Interop.Permits.V1;

namespace Interop.Hub.Tests.Access;

/// <summary>Grants outlive the hub: a restarted instance enforces what the database holds, the sandbox's grants included.</summary>
public sealed class GrantRestartTests(AgencyDatabasesFixture agencies) : IClassFixture<AgencyDatabasesFixture>
{
    [Fact]
    public async Task A_revoked_sandbox_grant_stays_revoked_after_a_restart()
    {
        await new AccessAdmin.AccessAdminClient(agencies.Hub.Invoker("MOL/permits-backoffice"))
            .RevokeGrantAsync(new RevokeGrantRequest { Name = "grants/sandbox-gs-permits", Reason = "vetting moved elsewhere" });
        await agencies.Hub.DisposeAsync();

        await using var restarted = new HubHost(agencies.LiveSettings);
        var grant = (await new AccessAdmin.AccessAdminClient(restarted.Invoker("GS/border-control"))
            .GetGrantAsync(new GetGrantRequest { Name = "grants/sandbox-gs-permits" })).Grant;

        Assert.Equal(GrantState.Revoked, grant.State);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.AccessNotGranted, async () =>
            await new WorkPermits.WorkPermitsClient(restarted.Invoker("GS/border-control")).GetPermitAsync(new GetPermitRequest { Name = "permits/WP-2025-0000001" }));
    }
}
