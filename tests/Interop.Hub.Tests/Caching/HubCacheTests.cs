using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Grpc.Health.V1;
using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Permits.V1;
using Interop.Hub.Caching;
using Interop.Hub.Errors;
using Interop.Type.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xunit.Abstractions;

namespace Interop.Hub.Tests.Caching;

/// <summary>
/// The cache across two hub instances sharing Redis and the agencies' real databases: hits and misses, one
/// agency call per key under a stampede, the one-second freshness bound, negative caching, and Redis outages.
/// </summary>
public sealed class HubCacheTests(TwoHubsFixture hubs, ITestOutputHelper output) : IClassFixture<TwoHubsFixture>
{
    private static readonly TimeSpan FreshnessBound = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_miss_asks_the_registry_then_the_same_instance_hits_its_first_level_and_the_other_hits_redis()
    {
        var number = Employer(1);

        var (_, miss) = await GetEmployerAsync(hubs.A, number);
        var (_, firstLevelHit) = await GetEmployerAsync(hubs.A, number);
        var (employer, secondLevelHit) = await GetEmployerAsync(hubs.B, number);

        Assert.False(miss.FromCache);
        Assert.True(firstLevelHit.FromCache);
        Assert.True(secondLevelHit.FromCache);
        Assert.Equal(firstLevelHit.FetchTime, secondLevelHit.FetchTime);
        Assert.InRange(
            secondLevelHit.FetchTime.ToDateTimeOffset(), miss.FetchTime.ToDateTimeOffset().AddSeconds(-1), miss.FetchTime.ToDateTimeOffset());
        Assert.True(secondLevelHit.CacheAge.ToTimeSpan() > TimeSpan.Zero);
        Assert.Equal(number, employer.RegistryNumber);
        Assert.Equal(1, TwoHubsFixture.Registry(hubs.A).CallsFor(number));
        Assert.Equal(0, TwoHubsFixture.Registry(hubs.B).CallsFor(number));
    }

    [Fact]
    public async Task Five_hundred_concurrent_misses_on_one_key_make_one_registry_call_per_instance()
    {
        foreach (var (hub, number) in new[] { (hubs.A, Employer(2)), (hubs.B, Employer(3)) })
        {
            var client = new EmployerRegistry.EmployerRegistryClient(hub.Invoker());
            var calls = Enumerable.Range(0, 500)
                .Select(_ => client.GetEmployerAsync(new GetEmployerRequest { Name = $"employers/{number}" }).ResponseAsync);

            var answers = await Task.WhenAll(calls);

            Assert.All(answers, a => Assert.Equal(number, a.Employer.RegistryNumber));
            Assert.Equal(1, TwoHubsFixture.Registry(hub).CallsFor(number));
        }
    }

    [Fact]
    public async Task A_change_committed_in_the_registry_is_served_by_the_other_instance_within_one_second()
    {
        var number = Employer(4);
        var delays = new List<TimeSpan>();
        for (var round = 0; round < 20; round++)
        {
            // Both instances hold the old record in their first level and in Redis.
            await GetEmployerAsync(hubs.A, number);
            await GetEmployerAsync(hubs.B, number);
            var legalName = $"FRESHNESS ROUND {round}";

            await hubs.ExecuteAsync(hubs.CommercialRegistry, "UPDATE rc_entreprise SET raison_sociale = $1 WHERE num_rc = $2", legalName, number);
            var committed = Stopwatch.StartNew();
            while ((await GetEmployerAsync(hubs.B, number)).Employer.LegalNameLatin != legalName)
            {
                Assert.True(committed.Elapsed < FreshnessBound, $"round {round}: still the old record after {committed.Elapsed.TotalMilliseconds:F0} ms");
                await Task.Delay(2);
            }

            delays.Add(committed.Elapsed);
            while ((await GetEmployerAsync(hubs.A, number)).Employer.LegalNameLatin != legalName)
            {
                Assert.True(committed.Elapsed < FreshnessBound, $"round {round}: the first instance still had the old record after {committed.Elapsed.TotalMilliseconds:F0} ms");
                await Task.Delay(2);
            }
        }

        delays.Sort();
        output.WriteLine(
            $"Freshness through the other instance over {delays.Count} changes: median {delays[delays.Count / 2].TotalMilliseconds:F1} ms, "
            + $"max {delays[^1].TotalMilliseconds:F1} ms, all: {string.Join(", ", delays.Select(d => d.TotalMilliseconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
    }

    [Fact]
    public async Task A_revoked_permit_and_a_changed_contribution_account_are_served_by_the_other_instance_within_one_second()
    {
        var permitNumber = await hubs.QueryAsync<string>(
            hubs.MinistryOfLabour, "SELECT numero_permis FROM permis_travail WHERE statut = 'DL' ORDER BY numero_permis OFFSET 5 LIMIT 1");
        var permits = (A: new WorkPermits.WorkPermitsClient(hubs.A.Invoker()), B: new WorkPermits.WorkPermitsClient(hubs.B.Invoker()));
        var permitRequest = new GetPermitRequest { Name = $"permits/{permitNumber}" };
        await permits.A.GetPermitAsync(permitRequest);
        await permits.B.GetPermitAsync(permitRequest);

        await hubs.ExecuteAsync(hubs.MinistryOfLabour, "UPDATE permis_travail SET statut = 'RT' WHERE numero_permis = $1", permitNumber);
        var revoked = Stopwatch.StartNew();
        while ((await permits.B.GetPermitAsync(permitRequest)).Permit.Status != PermitStatus.Revoked)
        {
            Assert.True(revoked.Elapsed < FreshnessBound, $"the permit was still valid after {revoked.Elapsed.TotalMilliseconds:F0} ms");
            await Task.Delay(2);
        }

        output.WriteLine($"A revoked permit was served as revoked by the other instance after {revoked.Elapsed.TotalMilliseconds:F1} ms.");

        var registryNumber = await hubs.QueryAsync<string>(
            hubs.SocialSecurityFund, "SELECT e.num_rc FROM employeurs e WHERE EXISTS (SELECT 1 FROM declarations d WHERE d.id_compte = e.id_compte) ORDER BY e.id_compte OFFSET 3 LIMIT 1");
        var standings = (A: new ContributionStanding.ContributionStandingClient(hubs.A.Invoker()), B: new ContributionStanding.ContributionStandingClient(hubs.B.Invoker()));
        var standingRequest = new GetStandingRequest { Name = $"employers/{registryNumber}/standing" };
        await standings.A.GetStandingAsync(standingRequest);
        var before = (await standings.B.GetStandingAsync(standingRequest)).Provenance.SourceUpdateTime;

        await hubs.ExecuteAsync(
            hubs.SocialSecurityFund,
            "UPDATE declarations SET nb_salaries = nb_salaries + 1 WHERE id_compte = (SELECT id_compte FROM employeurs WHERE num_rc = $1)",
            registryNumber);
        var declared = Stopwatch.StartNew();
        while ((await standings.B.GetStandingAsync(standingRequest)).Provenance.SourceUpdateTime == before)
        {
            Assert.True(declared.Elapsed < FreshnessBound, $"the standing was still the old one after {declared.Elapsed.TotalMilliseconds:F0} ms");
            await Task.Delay(2);
        }

        output.WriteLine($"A corrected declaration reached the standing served by the other instance after {declared.Elapsed.TotalMilliseconds:F1} ms.");
    }

    /// <summary>
    /// An empty permit list is kept for the permits' time-to-live, not the short negative one: the ministry announces
    /// a new permit with its worker's document, so the change feed drops the empty list as it drops a full one.
    /// </summary>
    [Fact]
    public async Task A_permit_issued_to_a_worker_whose_empty_list_is_cached_is_served_within_one_second()
    {
        var document = new TravelDocument { Type = TravelDocumentType.Passport, Number = "NEW0000001", Nationality = "TUN" };
        await hubs.ExecuteAsync(hubs.MinistryOfLabour, """
            INSERT INTO travailleur_etranger (id_travailleur, type_document, num_document, code_nationalite, nom, prenoms, date_naissance, date_maj)
            SELECT max(id_travailleur) + 1, 'PP', $1, 'TUN', 'NOUVEAU', 'TRAVAILLEUR', DATE '1990-01-01', now() FROM travailleur_etranger
            """, document.Number);
        var permits = new WorkPermits.WorkPermitsClient(hubs.B.Invoker());
        var request = new ListWorkerPermitsRequest { TravelDocument = document };
        // The worker's own registration is announced too, and may drop the first list cached: ask until one is served from the cache.
        var cached = await ExchangeLog.ExchangeLogTesting.EventuallyAsync(
            async () => await permits.ListWorkerPermitsAsync(request), r => r.Provenance.FromCache, TimeSpan.FromSeconds(5));
        Assert.Empty(cached.Permits);
        Assert.True(cached.Provenance.FromCache, "the empty list should be cached before the permit is issued");

        await hubs.ExecuteAsync(hubs.MinistryOfLabour, """
            INSERT INTO permis_travail (numero_permis, numero_suivi, id_travailleur, num_rc, code_profession, libelle_profession, statut, date_depot, date_maj)
            SELECT 'WP-2099-0000001', '20990101-00000001', id_travailleur, $2, '7115', 'CHARPENTIER', 'DP', current_date, now()
            FROM travailleur_etranger WHERE num_document = $1
            """, document.Number, Employer(20));
        var issued = Stopwatch.StartNew();
        while ((await permits.ListWorkerPermitsAsync(request)).Permits.Count == 0)
        {
            Assert.True(issued.Elapsed < FreshnessBound, $"the worker still had no permit after {issued.Elapsed.TotalMilliseconds:F0} ms");
            await Task.Delay(2);
        }

        output.WriteLine($"A permit issued to a worker with a cached empty list was served after {issued.Elapsed.TotalMilliseconds:F1} ms.");
    }

    [Fact]
    public async Task A_purge_through_one_instance_makes_both_serve_a_change_the_feed_did_not_announce()
    {
        var number = Employer(11);
        var (before, _) = await GetEmployerAsync(hubs.A, number);
        await GetEmployerAsync(hubs.B, number);
        const string legalName = "CHANGED BEHIND THE FEED";

        // As a restore from a backup, or a correction made directly in the database: no change announced.
        await hubs.ExecuteAsync(hubs.CommercialRegistry, "ALTER TABLE rc_entreprise DISABLE TRIGGER trg_rc_entreprise_annonce");
        try
        {
            await hubs.ExecuteAsync(hubs.CommercialRegistry, "UPDATE rc_entreprise SET raison_sociale = $1 WHERE num_rc = $2", legalName, number);
        }
        finally
        {
            await hubs.ExecuteAsync(hubs.CommercialRegistry, "ALTER TABLE rc_entreprise ENABLE TRIGGER trg_rc_entreprise_annonce");
        }

        await Task.Delay(300);
        var (staleA, staleAProvenance) = await GetEmployerAsync(hubs.A, number);
        var (staleB, _) = await GetEmployerAsync(hubs.B, number);
        var purged = await new Interop.Hub.V1.CacheAdmin.CacheAdminClient(hubs.A.Invoker("CR/registry-admin", purpose: HubHost.None, caseReference: HubHost.None))
            .PurgeAgencyCacheAsync(new Interop.Hub.V1.PurgeAgencyCacheRequest { Name = "agencies/CR", Reason = "registry restored from backup" });
        var (freshA, freshAProvenance) = await GetEmployerAsync(hubs.A, number);
        var purgedAt = Stopwatch.StartNew();
        while ((await GetEmployerAsync(hubs.B, number)).Employer.LegalNameLatin != legalName)
        {
            Assert.True(purgedAt.Elapsed < FreshnessBound, $"the other instance still had the old record {purgedAt.Elapsed.TotalMilliseconds:F0} ms after the purge");
            await Task.Delay(2);
        }

        Assert.Equal(before.LegalNameLatin, staleA.LegalNameLatin);
        Assert.Equal(before.LegalNameLatin, staleB.LegalNameLatin);
        Assert.True(staleAProvenance.FromCache);
        Assert.Equal(Interop.Hub.V1.PurgeScope.EveryInstance, purged.Scope);
        Assert.Equal(legalName, freshA.LegalNameLatin);
        Assert.False(freshAProvenance.FromCache);
    }

    [Fact]
    public async Task A_purge_while_redis_is_down_drops_this_instances_answers_and_says_the_rest_waits_for_redis()
    {
        var number = Employer(13);
        await GetEmployerAsync(hubs.A, number);
        await hubs.Redis.StopAsync();
        Interop.Hub.V1.PurgeAgencyCacheResponse purged;
        bool cachedBefore, cachedAfter;
        try
        {
            cachedBefore = (await GetEmployerAsync(hubs.A, number)).Provenance.FromCache;
            purged = await new Interop.Hub.V1.CacheAdmin.CacheAdminClient(hubs.A.Invoker("HUB/operations", purpose: HubHost.None, caseReference: HubHost.None))
                .PurgeAgencyCacheAsync(new Interop.Hub.V1.PurgeAgencyCacheRequest { Name = "agencies/CR", Reason = "restored while Redis was down" });
            cachedAfter = (await GetEmployerAsync(hubs.A, number)).Provenance.FromCache;
        }
        finally
        {
            await hubs.Redis.RestartAsync();
        }

        await Task.WhenAll(TwoHubsFixture.WaitReadyAsync(hubs.A), TwoHubsFixture.WaitReadyAsync(hubs.B));

        Assert.True(cachedBefore);
        Assert.Equal(Interop.Hub.V1.PurgeScope.PendingRedis, purged.Scope);
        Assert.False(cachedAfter);
    }

    [Fact]
    public async Task Not_found_is_remembered_briefly_and_forgotten_as_soon_as_the_employer_is_registered()
    {
        const string number = "99A0000042";
        var client = new EmployerRegistry.EmployerRegistryClient(hubs.A.Invoker());
        for (var i = 0; i < 3; i++)
        {
            await RpcAssert.FailsWith(StatusCode.NotFound, ErrorReasons.ResourceNotFound, async () =>
                await client.GetEmployerAsync(new GetEmployerRequest { Name = $"employers/{number}" }));
        }

        Assert.Equal(1, TwoHubsFixture.Registry(hubs.A).CallsFor(number));

        await hubs.ExecuteAsync(hubs.CommercialRegistry, """
            INSERT INTO rc_entreprise (num_rc, nif, raison_sociale, raison_sociale_ar, forme_juridique, etat, date_immatriculation,
                                       code_activite, code_wilaya, effectif_declare)
            VALUES ($1, '099990000000042', 'NOUVELLE SARL', 'شركة جديدة', 'SARL', 'A', current_date, '4711', 16, 3)
            """, number);
        var registered = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var (employer, _) = await GetEmployerAsync(hubs.B, number);
                Assert.Equal("NOUVELLE SARL", employer.LegalNameLatin);
                break;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound && registered.Elapsed < FreshnessBound)
            {
                await Task.Delay(5);
            }
        }

        output.WriteLine($"A new employer was found through the other instance {registered.Elapsed.TotalMilliseconds:F1} ms after its registration.");
    }

    [Fact]
    public async Task With_redis_stopped_every_call_is_answered_and_once_it_is_back_the_cache_is_used_again()
    {
        var (warm, during, after) = (Employer(5), Employer(6), Employer(7));
        await GetEmployerAsync(hubs.A, warm);
        var callsBefore = TwoHubsFixture.Registry(hubs.A).CallsFor(warm);

        using var lookupsWithoutRedis = new MetricCollector<long>(
            hubs.B.Services.GetRequiredService<IMeterFactory>(), CacheMetrics.MeterName, "interop.cache.redis_unavailable");
        await hubs.Redis.StopAsync();
        try
        {
            var slowest = TimeSpan.Zero;
            for (var i = 0; i < 20; i++)
            {
                foreach (var hub in new[] { hubs.A, hubs.B })
                {
                    var call = Stopwatch.StartNew();
                    Assert.Equal(during, (await GetEmployerAsync(hub, during)).Employer.RegistryNumber);
                    Assert.Equal(warm, (await GetEmployerAsync(hub, warm)).Employer.RegistryNumber);
                    slowest = call.Elapsed > slowest ? call.Elapsed : slowest;
                }
            }

            output.WriteLine($"Slowest pair of calls while Redis was down: {slowest.TotalMilliseconds:F0} ms");
            // Counted, for the operator: B fetched both employers from the registry while Redis was away.
            Assert.Equal(2, lookupsWithoutRedis.GetMeasurementSnapshot().EvaluateAsCounter());
            // The first level still answers the warm key on the instance that fetched it.
            Assert.True((await GetEmployerAsync(hubs.A, warm)).Provenance.FromCache);
            // Degraded for the operator, still serving for a load balancer: the instance answers.
            var health = await hubs.B.HealthAsync(CacheHealthCheck.Name);
            Assert.Equal(HealthStatus.Degraded, health.Status);
            Assert.Contains("Redis is unreachable", health.Description, StringComparison.Ordinal);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await hubs.B.ServingStatusAsync());
        }
        finally
        {
            await hubs.Redis.RestartAsync();
        }

        await Task.WhenAll(TwoHubsFixture.WaitReadyAsync(hubs.A), TwoHubsFixture.WaitReadyAsync(hubs.B));
        Assert.Equal(HealthStatus.Healthy, (await hubs.B.HealthAsync(CacheHealthCheck.Name)).Status);

        // Reconnected, the instance dropped its first level: it may have missed evictions meanwhile.
        Assert.False((await GetEmployerAsync(hubs.A, warm)).Provenance.FromCache);
        Assert.Equal(callsBefore + 1, TwoHubsFixture.Registry(hubs.A).CallsFor(warm));

        // And Redis is shared again: what one instance fetched, the other serves from it.
        Assert.False((await GetEmployerAsync(hubs.A, after)).Provenance.FromCache);
        await RedisWriteLandedAsync();
        Assert.True((await GetEmployerAsync(hubs.B, after)).Provenance.FromCache);
        Assert.Equal(0, TwoHubsFixture.Registry(hubs.B).CallsFor(after));
    }

    [Fact]
    public async Task A_change_evicted_while_redis_stalled_is_not_served_stale_from_redis_once_it_answers_again()
    {
        var (number, stalledRead) = (Employer(20), Employer(21));
        await GetEmployerAsync(hubs.A, number);
        await GetEmployerAsync(hubs.B, number);
        await RedisWriteLandedAsync();

        // Redis stops answering for a while without dropping a connection: each instance's next read of it times out, and
        // the change arrives while both have given up on Redis for a moment, so neither can delete the stale entry then.
        await hubs.Redis.PauseClientsAsync(TimeSpan.FromMilliseconds(800));
        await Task.WhenAll(GetEmployerAsync(hubs.A, stalledRead), GetEmployerAsync(hubs.B, stalledRead));
        const string LegalName = "CHANGED WHILE REDIS STALLED";
        await hubs.ExecuteAsync(hubs.CommercialRegistry, "UPDATE rc_entreprise SET raison_sociale = $1 WHERE num_rc = $2", LegalName, number);

        // Asked once Redis answers again and the instances use it again (the stall, then a second's break after a failure):
        // their first levels dropped the employer on the change, so they read Redis, which must not hold the old record.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var asked = Stopwatch.StartNew();
        foreach (var hub in new[] { hubs.A, hubs.B })
        {
            while ((await GetEmployerAsync(hub, number)).Employer.LegalNameLatin != LegalName)
            {
                Assert.True(asked.Elapsed < FreshnessBound, $"still the old record {asked.Elapsed.TotalMilliseconds:F0} ms after Redis answered again");
                await Task.Delay(20);
            }
        }
    }

    [Fact]
    public async Task A_batch_fetches_only_the_numbers_not_cached_in_one_registry_call()
    {
        var (cached, missing) = (Employer(8), Employer(9));
        await GetEmployerAsync(hubs.A, cached);
        await RedisWriteLandedAsync();
        var client = new EmployerRegistry.EmployerRegistryClient(hubs.B.Invoker());

        var response = await client.BatchGetEmployersAsync(new BatchGetEmployersRequest { Names = { $"employers/{cached}", $"employers/{missing}" } });

        Assert.True(response.Results[0].Provenance.FromCache);
        Assert.False(response.Results[1].Provenance.FromCache);
        Assert.Equal(0, TwoHubsFixture.Registry(hubs.B).CallsFor(cached));
        Assert.Equal(1, TwoHubsFixture.Registry(hubs.B).CallsFor(missing));
    }

    /// <summary>A miss answers without waiting for its write to Redis; give the write a moment before the other instance reads.</summary>
    private static Task RedisWriteLandedAsync() => Task.Delay(250);

    [Theory]
    [InlineData("a malformed varint", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData("a fetch time past year 9999", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F })]
    [InlineData("a negative fetch time", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    [InlineData("nothing", new byte[0])]
    public async Task Unreadable_bytes_in_redis_are_a_miss_answered_from_the_registry(string what, byte[] garbage)
    {
        var number = Employer(40 + garbage.Length);
        await GetEmployerAsync(hubs.A, number);
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(hubs.Redis.Configuration + ",allowAdmin=true");
        var keys = redis.GetServer(hubs.Redis.Configuration).Keys(pattern: $"*{number}*").ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            foreach (var field in await redis.GetDatabase().HashKeysAsync(key))
            {
                await redis.GetDatabase().HashSetAsync(key, field, garbage);
            }
        }

        var (employer, provenance) = await GetEmployerAsync(hubs.B, number);

        Assert.Equal(number, employer.RegistryNumber);
        Assert.False(provenance.FromCache, what);
    }

    private string Employer(int index) => hubs.Population.Employers().ElementAt(index * 7).RegistryNumber;

    private static async Task<(Employer Employer, Provenance Provenance)> GetEmployerAsync(HubHost hub, string number)
    {
        var response = await new EmployerRegistry.EmployerRegistryClient(hub.Invoker())
            .GetEmployerAsync(new GetEmployerRequest { Name = $"employers/{number}" });
        return (response.Employer, response.Provenance);
    }
}
