using System.Diagnostics;
using Grpc.Core;
using Interop.Employers.V1;
using Interop.Hub.Access;
using Interop.Hub.V1;
using Npgsql;

namespace Interop.Hub.Tests.Access;

/// <summary>Two hub instances sharing the hub's database (and the agencies'), as behind a load balancer.</summary>
public sealed class TwoHubsSharingGrantsFixture : IAsyncLifetime
{
    private readonly AgencyDatabasesFixture _agencies = new();

    public HubHost A { get; private set; } = null!;

    public HubHost B { get; private set; } = null!;

    public string HubDatabase => _agencies.HubDatabase;

    public Seeding.Population Population => _agencies.Population;

    public async Task InitializeAsync()
    {
        await _agencies.InitializeAsync();
        A = _agencies.Hub;
        B = new HubHost(_agencies.LiveSettings);
        _ = A.Server;
        _ = B.Server;
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await _agencies.DisposeAsync();
    }
}

/// <summary>A grant created or revoked on one instance takes effect on every instance within a second.</summary>
public sealed class GrantPropagationTests(TwoHubsSharingGrantsFixture hubs) : IClassFixture<TwoHubsSharingGrantsFixture>
{
    private static readonly TimeSpan _bound = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Grant_on_one_instance_call_on_the_other_revoke_and_the_other_refuses_within_a_second()
    {
        var admin = new AccessAdmin.AccessAdminClient(hubs.A.Invoker("CR/registry-office"));
        var onB = Portal(hubs.B);
        var name = Name(hubs, 20);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.AccessNotGranted,
            async () => await onB.GetEmployerAsync(new GetEmployerRequest { Name = name }));

        var created = (await admin.CreateGrantAsync(AccessAdminServiceTests.PortalReadsEmployers("propagated"))).Grant;
        var granted = await UntilAsync(onB, name, allowed: true);
        var revoked = await admin.RevokeGrantAsync(new RevokeGrantRequest { Name = created.Name, Reason = "file closed" });
        var refused = await UntilAsync(onB, name, allowed: false);

        Assert.True(granted < _bound, $"the grant took {granted.TotalMilliseconds:0} ms to reach the other instance");
        Assert.True(refused < _bound, $"the revocation took {refused.TotalMilliseconds:0} ms to reach the other instance");
        Assert.Equal(GrantState.Revoked, revoked.Grant.State);
    }

    [Fact]
    public async Task A_change_whose_notification_is_lost_still_reaches_every_instance_within_a_second()
    {
        var admin = new AccessAdmin.AccessAdminClient(hubs.A.Invoker("CR/registry-office"));
        var name = Name(hubs, 21);
        await admin.CreateGrantAsync(AccessAdminServiceTests.PortalReadsEmployers("unnotified"));
        await UntilAsync(Portal(hubs.A), name, allowed: true);
        await UntilAsync(Portal(hubs.B), name, allowed: true);

        await using var database = NpgsqlDataSource.Create(hubs.HubDatabase);
        await using (var disable = database.CreateCommand("ALTER TABLE access_grants DISABLE TRIGGER access_grants_changed"))
        {
            await disable.ExecuteNonQueryAsync();
        }

        try
        {
            await using var revoke = database.CreateCommand("""
                UPDATE access_grants SET revoke_time = now(), revoke_reason = 'by hand', revoker = 'HUB/dba',
                    version = nextval('access_grant_version')
                WHERE grant_id = 'unnotified'
                """);
            Assert.Equal(1, await revoke.ExecuteNonQueryAsync());

            var a = UntilAsync(Portal(hubs.A), name, allowed: false);
            var b = UntilAsync(Portal(hubs.B), name, allowed: false);
            Assert.All(await Task.WhenAll(a, b), elapsed => Assert.True(elapsed < _bound, $"took {elapsed.TotalMilliseconds:0} ms"));
        }
        finally
        {
            await using var enable = database.CreateCommand("ALTER TABLE access_grants ENABLE TRIGGER access_grants_changed");
            await enable.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task The_grants_are_kept_in_the_hub_database_with_the_sandbox_ones()
    {
        await using var database = NpgsqlDataSource.Create(hubs.HubDatabase);
        await using var command = database.CreateCommand("SELECT count(*) FROM access_grants WHERE grant_id LIKE 'sandbox-%'");

        Assert.Equal((long)SandboxGrants.All(DateTimeOffset.UtcNow, "HUB").Count, (long)(await command.ExecuteScalarAsync())!);
    }

    private static EmployerRegistry.EmployerRegistryClient Portal(HubHost hub) => new(hub.Invoker("PORTAL/web", purpose: "PUBLIC_PROCUREMENT"));

    private static string Name(TwoHubsSharingGrantsFixture hubs, int index) => $"employers/{hubs.Population.Employer(index).RegistryNumber}";

    /// <returns>How long it took until the call was served (or refused as not granted), polling every 20 ms for 5 s at most.</returns>
    private static async Task<TimeSpan> UntilAsync(EmployerRegistry.EmployerRegistryClient client, string name, bool allowed)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            bool served;
            try
            {
                await client.GetEmployerAsync(new GetEmployerRequest { Name = name });
                served = true;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.PermissionDenied)
            {
                served = false;
            }

            if (served == allowed)
            {
                return watch.Elapsed;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"still {(allowed ? "refused" : "served")} after 5 s");
            await Task.Delay(20);
        }
    }
}
