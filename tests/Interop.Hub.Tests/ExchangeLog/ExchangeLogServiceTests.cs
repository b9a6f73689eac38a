using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Hub.Errors;
using Interop.Hub.V1;
using Interop.Permits.V1;
using ExchangeMessage = Interop.Hub.V1.Exchange;
using static Interop.Hub.Tests.ExchangeLog.ExchangeLogTesting;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>The log's query API over PostgreSQL: an agency sees its own exchanges, as caller or provider, and no others.</summary>
public sealed class ExchangeLogServiceTests(ExchangeLogDatabaseFixture database) : IClassFixture<ExchangeLogDatabaseFixture>, IAsyncLifetime
{
    private HubHost _hub = null!;

    public Task InitializeAsync()
    {
        _hub = LoggingHub(database.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task An_agency_sees_its_exchanges_as_caller_and_as_provider_and_never_another_agencys()
    {
        // SSF asks CR; GS asks SSF. MOL takes part in neither.
        var ssfAsksCr = await ExchangeIdAsync(new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("SSF/isolation"))
            .GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(10) }));
        var gsAsksSsf = await ExchangeIdAsync(new ContributionStanding.ContributionStandingClient(_hub.Invoker("GS/isolation"))
            .GetStandingAsync(new GetStandingRequest { Name = $"{EmployerName(11)}/standing" }));
        await WaitForRowsAsync(database.ConnectionString, [ssfAsksCr, gsAsksSsf]);

        var asCaller = await ListAllAsync("SSF/isolation", new ListExchangesRequest());
        var asProvider = await ListAllAsync("CR/isolation", new ListExchangesRequest());
        var bystander = await ListAllAsync("MOL/isolation", new ListExchangesRequest());

        Assert.Contains(ssfAsksCr, asCaller);
        Assert.Contains(gsAsksSsf, asCaller);
        Assert.Contains(ssfAsksCr, asProvider);
        Assert.DoesNotContain(gsAsksSsf, asProvider);
        Assert.DoesNotContain(ssfAsksCr, bystander);
        Assert.DoesNotContain(gsAsksSsf, bystander);

        var log = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(_hub.Invoker("MOL/isolation"));
        var exists = await new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(_hub.Invoker("CR/isolation"))
            .GetExchangeAsync(new GetExchangeRequest { Name = $"exchanges/{ssfAsksCr}" });
        Assert.Equal("SSF", exists.Exchange.CallerAgency);
        Assert.Equal("CR", exists.Exchange.ProviderAgency);
        Assert.Equal(Google.Rpc.Code.Ok, exists.Exchange.StatusCode);
        Assert.Equal(32, exists.Exchange.RequestSha256.Length);

        // Someone else's exchange and one that never existed read exactly alike.
        var theirs = await RpcAssert.FailsWith(StatusCode.NotFound, ErrorReasons.ResourceNotFound, async () =>
            await log.GetExchangeAsync(new GetExchangeRequest { Name = $"exchanges/{ssfAsksCr}" }));
        var missing = Guid.CreateVersion7();
        var none = await RpcAssert.FailsWith(StatusCode.NotFound, ErrorReasons.ResourceNotFound, async () =>
            await log.GetExchangeAsync(new GetExchangeRequest { Name = $"exchanges/{missing}" }));
        Assert.Equal(none.Message.Replace(missing.ToString(), "x", StringComparison.Ordinal), theirs.Message.Replace(ssfAsksCr.ToString(), "x", StringComparison.Ordinal));
        var byId = await log.ListExchangesAsync(new ListExchangesRequest { ExchangeId = ssfAsksCr.ToString() });
        Assert.Empty(byId.Exchanges);
    }

    [Fact]
    public async Task Pages_follow_each_other_newest_first_without_gaps_or_repeats()
    {
        var client = new WorkPermits.WorkPermitsClient(_hub.Invoker("GS/paging"));
        var ids = new List<Guid>();
        for (var i = 0; i < 13; i++)
        {
            ids.Add(await ExchangeIdAsync(client.GetPermitAsync(new GetPermitRequest { Name = $"permits/WP-2025-{i:D7}" })));
        }

        await WaitForRowsAsync(database.ConnectionString, ids);
        var log = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(_hub.Invoker("GS/paging"));
        var seen = new List<ExchangeMessage>();
        var request = new ListExchangesRequest { PageSize = 4, FromTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-5)) };
        var pages = 0;
        do
        {
            var page = await log.ListExchangesAsync(request);
            Assert.True(page.Exchanges.Count <= 4);
            seen.AddRange(page.Exchanges.Where(e => e.CallerSystem == "paging"));
            request.PageToken = page.NextPageToken;
            pages++;
        }
        while (request.PageToken.Length > 0 && pages < 100);

        Assert.Equal(ids.AsEnumerable().Reverse().Select(id => id.ToString()), seen.Select(e => e.ExchangeId));
        Assert.Equal(seen.OrderByDescending(e => e.StartTime.ToDateTimeOffset()).Select(e => e.ExchangeId), seen.Select(e => e.ExchangeId));
    }

    [Fact]
    public async Task Filters_narrow_by_subject_time_and_exchange_id()
    {
        var client = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("CR/filters"));
        var target = Population.Employer(21).RegistryNumber;
        var first = await ExchangeIdAsync(client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(21) }));
        var other = await ExchangeIdAsync(client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(22) }));
        await Task.Delay(20);
        var between = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var second = await ExchangeIdAsync(client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(21) }));
        await WaitForRowsAsync(database.ConnectionString, [first, other, second]);
        var log = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(_hub.Invoker("CR/filters"));

        var bySubject = await log.ListExchangesAsync(new ListExchangesRequest { SubjectId = target });
        var bySubjectBefore = await log.ListExchangesAsync(new ListExchangesRequest { SubjectId = target, ToTime = Timestamp.FromDateTimeOffset(between) });
        var bySubjectAfter = await log.ListExchangesAsync(new ListExchangesRequest { SubjectId = target, FromTime = Timestamp.FromDateTimeOffset(between) });
        var byId = await log.ListExchangesAsync(new ListExchangesRequest { ExchangeId = other.ToString() });

        Assert.Equal([second.ToString(), first.ToString()], bySubject.Exchanges.Select(e => e.ExchangeId));
        Assert.Equal([first.ToString()], bySubjectBefore.Exchanges.Select(e => e.ExchangeId));
        Assert.Equal([second.ToString()], bySubjectAfter.Exchanges.Select(e => e.ExchangeId));
        Assert.Equal([other.ToString()], byId.Exchanges.Select(e => e.ExchangeId));
        Assert.Equal($"exchanges/{other}", byId.Exchanges[0].Name);
        Assert.Equal([Population.Employer(22).RegistryNumber], byId.Exchanges[0].SubjectIds);
    }

    [Fact]
    public async Task Bad_arguments_are_invalid_argument_naming_the_field()
    {
        var log = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(_hub.Invoker("CR/bad-arguments"));
        await new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("CR/bad-arguments"))
            .GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(1) });
        await new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("CR/bad-arguments"))
            .GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(2) });
        var page = await EventuallyAsync(
            () => log.ListExchangesAsync(new ListExchangesRequest { PageSize = 1 }).ResponseAsync,
            p => p.NextPageToken.Length > 0,
            TimeSpan.FromSeconds(10));

        Assert.Equal(["name"], await RpcAssert.FailsWithInvalidFields(async () =>
            await log.GetExchangeAsync(new GetExchangeRequest { Name = "exchanges/not-a-uuid" })));
        Assert.Equal(["exchange_id"], await RpcAssert.FailsWithInvalidFields(async () =>
            await log.ListExchangesAsync(new ListExchangesRequest { ExchangeId = "42" })));
        Assert.Equal(["subject_id"], await RpcAssert.FailsWithInvalidFields(async () =>
            await log.ListExchangesAsync(new ListExchangesRequest { SubjectId = "16B\u00000001" })));
        Assert.Equal(["to_time"], await RpcAssert.FailsWithInvalidFields(async () => await log.ListExchangesAsync(new ListExchangesRequest
        {
            FromTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            ToTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
        })));
        Assert.Equal(["page_token"], await RpcAssert.FailsWithInvalidFields(async () =>
            await log.ListExchangesAsync(new ListExchangesRequest { PageSize = 1, PageToken = page.NextPageToken, SubjectId = "16B0000001" })));
        Assert.Equal(["page_token"], await RpcAssert.FailsWithInvalidFields(async () =>
            await new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(_hub.Invoker("MOL/bad-arguments"))
                .ListExchangesAsync(new ListExchangesRequest { PageSize = 1, PageToken = page.NextPageToken })));
    }

    [Fact]
    public async Task Reading_the_log_needs_a_caller()
    {
        var log = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(_hub.Invoker(caller: null));

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, ErrorReasons.CallerIdentityMissing, async () =>
            await log.ListExchangesAsync(new ListExchangesRequest()));
    }

    private async Task<List<Guid>> ListAllAsync(string caller, ListExchangesRequest request)
    {
        var log = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(_hub.Invoker(caller));
        var ids = new List<Guid>();
        do
        {
            var page = await log.ListExchangesAsync(request);
            ids.AddRange(page.Exchanges.Select(e => Guid.Parse(e.ExchangeId)));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return ids;
    }
}
