using System.Diagnostics;
using Grpc.Core;
using Interop.Employers.V1;
using Interop.Hub.Tests.Caching;
using Interop.Hub.V1;
using ExchangeLogClient = Interop.Hub.V1.ExchangeLog.ExchangeLogClient;

namespace Interop.Hub.Tests.Access;

/// <summary>
/// Limits across two hub instances sharing Redis (a grant's rate, certificate code lookups): one bucket for both, so a
/// second instance cannot double the allowance; with Redis gone each instance falls back to its own bucket and calls
/// keep being answered.
/// </summary>
public sealed class SharedRateLimitTests : IAsyncLifetime
{
    /// <summary>The sandbox's grant: the citizens' portal may ask for subject access reports at 20/s, bursts of 40.</summary>
    private const int Rate = 20;
    private const int Burst = 40;

    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Two_instances_draw_on_one_bucket()
    {
        await using var first = Instance();
        await using var second = Instance();
        await Task.WhenAll(TwoHubsFixture.WaitReadyAsync(first), TwoHubsFixture.WaitReadyAsync(second));
        var clock = Stopwatch.StartNew();

        var firstAnswered = await CallsAnsweredAsync(first, Burst);
        var secondAnswered = await CallsAnsweredAsync(second, Burst);
        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds * Rate);

        Assert.Equal(Burst, firstAnswered);
        // Separate buckets would have answered all 40 again; one shared bucket only what refilled meanwhile.
        Assert.InRange(secondAnswered, 0, refilled + 1);
    }

    [Fact]
    public async Task With_redis_down_the_instance_limits_on_its_own_and_keeps_answering()
    {
        await using var hub = Instance();
        await TwoHubsFixture.WaitReadyAsync(hub);
        await _redis.StopAsync();
        var clock = Stopwatch.StartNew();

        // Any failure other than the rate's (say UNAVAILABLE because Redis is gone) fails the test.
        var answered = await CallsAnsweredAsync(hub, Burst + 30);
        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds * Rate);

        // Never refused for Redis being gone; still a bucket: what it held, plus what refilled meanwhile.
        Assert.InRange(answered, Burst, Burst + refilled + 1);
    }

    [Fact]
    public async Task A_batch_takes_a_token_for_each_name_from_the_shared_bucket()
    {
        await using var first = Instance();
        await using var second = Instance();
        await Task.WhenAll(TwoHubsFixture.WaitReadyAsync(first), TwoHubsFixture.WaitReadyAsync(second));
        var grant = AccessAdminServiceTests.PortalReadsEmployers("portal-shared-batches", new RateLimit { RequestsPerSecond = 1, Burst = 5 });
        grant.Grant.Method = "BatchGetEmployers";
        // The sandbox keeps grants in memory, one store per instance: the same grant in both, hence one bucket in Redis.
        foreach (var hub in new[] { first, second })
        {
            await new AccessAdmin.AccessAdminClient(hub.Invoker("CR/registry-office", purpose: HubHost.None, caseReference: HubHost.None)).CreateGrantAsync(grant);
        }

        BatchGetEmployersRequest Batch(int names) => new() { Names = { Enumerable.Range(0, names).Select(AccessTesting.EmployerName) } };
        EmployerRegistry.EmployerRegistryClient Portal(HubHost hub) => new(hub.Invoker("PORTAL/web", purpose: "PUBLIC_PROCUREMENT"));

        await Portal(first).BatchGetEmployersAsync(Batch(4));
        // Separate buckets would have answered; the shared one holds a token or two, not three.
        var refused = await Assert.ThrowsAsync<RpcException>(() => Portal(second).BatchGetEmployersAsync(Batch(3)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }

    [Fact]
    public async Task Certificate_code_lookups_are_counted_once_for_all_instances()
    {
        var settings = new Dictionary<string, string?> { ["Cache:Redis"] = _redis.Configuration, ["Certificates:CodeLookupsPerMinute"] = "2" };
        await using var first = new Certificates.CertificateHub(settings);
        await using var second = new Certificates.CertificateHub(settings);
        // These hubs' clocks stand still (the certificates' tests move them), so wait for Redis alone.
        await Task.WhenAll(TwoHubsFixture.WaitForRedisAsync(first.Host), TwoHubsFixture.WaitForRedisAsync(second.Host));

        await first.VerdictByCodeAsync(Interop.Certificates.VerificationCode.Generate());
        await second.VerdictByCodeAsync(Interop.Certificates.VerificationCode.Generate());
        var refused = await Assert.ThrowsAsync<RpcException>(() => first.VerdictByCodeAsync(Interop.Certificates.VerificationCode.Generate()));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }

    private HubHost Instance() => HubHost.Sandbox([new("Cache:Redis", _redis.Configuration)]);

    /// <returns>How many of <paramref name="calls"/> subject access reports were answered rather than refused for the rate.</returns>
    private static async Task<int> CallsAnsweredAsync(HubHost hub, int calls)
    {
        var log = new ExchangeLogClient(hub.Invoker("PORTAL/web", purpose: "SUBJECT_ACCESS_REPORT"));
        var answered = 0;
        for (var i = 0; i < calls; i++)
        {
            try
            {
                await log.ListSubjectAccessesAsync(new ListSubjectAccessesRequest { SubjectId = "16B0000001" });
                answered++;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                // Refused for the rate: counted as not answered.
            }
        }

        return answered;
    }
}
