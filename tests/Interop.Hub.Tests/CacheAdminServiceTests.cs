using Grpc.Core;
using Interop.Employers.V1;
using Interop.Hub.Access;
using Interop.Hub.Errors;
using Interop.Hub.V1;
using Interop.Seeding;

namespace Interop.Hub.Tests;

/// <summary>
/// Purging an agency's cached answers on a sandbox hub (first level only, no Redis): who may, what is checked, and
/// that the next call asks the agency again. Across two instances sharing Redis: <c>HubCacheTests</c>.
/// </summary>
public sealed class CacheAdminServiceTests : IAsyncLifetime
{
    private const string Reason = "registry restored from the 02:00 backup";

    private readonly HubHost _hub = HubHost.Sandbox();

    private readonly Population _population = HubHost.SandboxPopulation();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Theory]
    [InlineData("CR/registry-admin", "agencies/CR")]
    [InlineData("HUB/operations", "agencies/CR")]
    public async Task The_agency_itself_or_the_operator_purges_and_the_next_call_asks_the_agency(string caller, string agency)
    {
        var number = _population.Employer(7).RegistryNumber;
        await FromCacheAsync(number);
        var cachedBefore = await FromCacheAsync(number);

        var purged = await Admin(caller).PurgeAgencyCacheAsync(new PurgeAgencyCacheRequest { Name = agency, Reason = Reason });
        var afterPurge = await FromCacheAsync(number);
        var cachedAgain = await FromCacheAsync(number);

        Assert.True(cachedBefore);
        Assert.Equal(PurgeScope.ThisInstance, purged.Scope);
        Assert.InRange(purged.PurgeTime.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.False(afterPurge);
        Assert.True(cachedAgain);
    }

    [Fact]
    public async Task The_agency_finds_in_its_exchange_log_who_purged_its_answers_or_tried_to()
    {
        var ids = new List<string>();
        foreach (var caller in new[] { "HUB/operations", "MOL/permits-backoffice" })
        {
            var call = Admin(caller).PurgeAgencyCacheAsync(new PurgeAgencyCacheRequest { Name = "agencies/CR", Reason = Reason });
            ids.Add((await call.ResponseHeadersAsync).GetValue(Exchange.ExchangeContext.ResponseHeader)!);
            try
            {
                await call.ResponseAsync;
            }
            catch (RpcException)
            {
                // The refused attempt: its status is read back from the log below.
            }
        }

        var log = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(_hub.Invoker("CR/registry-admin"));
        var seen = new List<Interop.Hub.V1.Exchange>();
        foreach (var id in ids)
        {
            var page = await ExchangeLog.ExchangeLogTesting.EventuallyAsync(
                async () => await log.ListExchangesAsync(new ListExchangesRequest { ExchangeId = id }),
                found => found.Exchanges.Count == 1,
                TimeSpan.FromSeconds(10));
            seen.Add(Assert.Single(page.Exchanges));
        }

        Assert.All(seen, e => Assert.Equal(("CR", "/interop.hub.v1.CacheAdmin/PurgeAgencyCache"), (e.ProviderAgency, e.Method)));
        Assert.Equal([("HUB", (int)StatusCode.OK), ("MOL", (int)StatusCode.PermissionDenied)], seen.Select(e => (e.CallerAgency, (int)e.StatusCode)));
    }

    [Fact]
    public async Task Another_agency_may_not_purge_and_nothing_is_dropped()
    {
        var number = _population.Employer(8).RegistryNumber;
        await FromCacheAsync(number);

        var status = await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.CachePurgeNotAllowed,
            () => Admin("MOL/permits-backoffice").PurgeAgencyCacheAsync(new PurgeAgencyCacheRequest { Name = "agencies/CR", Reason = Reason }).ResponseAsync);

        Assert.Equal("MOL may not purge the cached answers of CR: only CR or the hub's operator may.", status.Message);
        Assert.True(await FromCacheAsync(number));
    }

    [Theory]
    [InlineData("CR", Reason, "name")]
    [InlineData("agencies/", Reason, "name")]
    [InlineData("agencies/cr", Reason, "name")]
    [InlineData("agencies/CR/x", Reason, "name")]
    [InlineData("agencies/CR\n", Reason, "name")]
    [InlineData("agencies/CR", "  ", "reason")]
    [InlineData("agencies/CR", "restored\u0000", "reason")]
    [InlineData("agencies/GS", Reason, "name")]
    public async Task A_malformed_request_or_an_agency_the_hub_caches_nothing_of_is_invalid(string name, string reason, string field)
    {
        var fields = await RpcAssert.FailsWithInvalidFields(
            () => Admin("HUB/operations").PurgeAgencyCacheAsync(new PurgeAgencyCacheRequest { Name = name, Reason = reason }).ResponseAsync);

        Assert.Equal([field], fields);
    }

    [Fact]
    public async Task An_agency_not_registered_is_not_found()
    {
        var status = await RpcAssert.FailsWith(StatusCode.NotFound, ErrorReasons.ResourceNotFound,
            () => Admin("HUB/operations").PurgeAgencyCacheAsync(new PurgeAgencyCacheRequest { Name = "agencies/XX", Reason = Reason }).ResponseAsync);

        Assert.Contains("agencies/XX", status.Message, StringComparison.Ordinal);
    }

    private CacheAdmin.CacheAdminClient Admin(string caller) => new(_hub.Invoker(caller, purpose: HubHost.None, caseReference: HubHost.None));

    private async Task<bool> FromCacheAsync(string number) =>
        (await new EmployerRegistry.EmployerRegistryClient(_hub.Invoker())
            .GetEmployerAsync(new GetEmployerRequest { Name = $"employers/{number}" })).Provenance.FromCache;
}
