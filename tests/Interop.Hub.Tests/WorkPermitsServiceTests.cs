using Grpc.Core;
using Google.Protobuf.WellKnownTypes;
using Interop.Hub.Errors;
using Interop.Hub.Exchange;
using Interop.Hub.Tests.ExchangeLog;
using Interop.Permits.V1;
using Interop.Type.V1;

namespace Interop.Hub.Tests;

/// <summary>WorkPermits through the hub, served from the Ministry of Labour's real PostgreSQL database.</summary>
public sealed class WorkPermitsServiceTests(AgencyDatabasesFixture agencies) : IClassFixture<AgencyDatabasesFixture>
{
    private readonly WorkPermits.WorkPermitsClient _client = new(agencies.Hub.Invoker());

    /// <summary>The employer with the most insured workers holds the most permits.</summary>
    private string BusiestEmployer => "employers/" + agencies.Population.Employer(
        Enumerable.Range(0, agencies.Population.EmployerCount).MaxBy(i => agencies.Population.InsuredWorkersOf(i).Count)).RegistryNumber;

    private async Task<List<Permit>> AllPermitsOf(string employer, int pageSize)
    {
        var permits = new List<Permit>();
        var token = "";
        do
        {
            var page = await _client.ListEmployerPermitsAsync(new ListEmployerPermitsRequest { Parent = employer, PageSize = pageSize, PageToken = token });
            Assert.True(page.Permits.Count <= pageSize);
            Assert.Equal("MOL", page.Provenance.ProviderAgency);
            permits.AddRange(page.Permits);
            token = page.NextPageToken;
        }
        while (token != "");

        return permits;
    }

    [Fact]
    public async Task ListEmployerPermits_pages_through_every_permit_once_in_permit_number_order()
    {
        var inOnePage = await AllPermitsOf(BusiestEmployer, 500);
        var inSmallPages = await AllPermitsOf(BusiestEmployer, 2);

        Assert.True(inOnePage.Count > 2, "the busiest employer should hold several permits");
        Assert.Equal(inOnePage.Select(p => p.PermitNumber), inSmallPages.Select(p => p.PermitNumber));
        Assert.Equal(inOnePage.Select(p => p.PermitNumber).Order(StringComparer.Ordinal), inOnePage.Select(p => p.PermitNumber));
        Assert.All(inOnePage, p => Assert.Equal(BusiestEmployer, p.Employer));
    }

    [Fact]
    public async Task GetPermit_answers_the_permit_with_its_stage_history()
    {
        var listed = (await AllPermitsOf(BusiestEmployer, 500)).First(p => p.Status == PermitStatus.Issued || p.Status == PermitStatus.Renewed);

        var response = await _client.GetPermitAsync(new GetPermitRequest { Name = listed.Name });

        Assert.Equal(listed, response.Permit);
        Assert.Equal($"permits/{listed.PermitNumber}", response.Permit.Name);
        Assert.NotEmpty(response.Permit.Stages);
        Assert.NotNull(response.Permit.ValidFrom);
        Assert.Equal("MOL", response.Provenance.ProviderAgency);
        Assert.NotNull(response.Provenance.SourceUpdateTime);
    }

    [Fact]
    public async Task ListWorkerPermits_finds_the_worker_by_travel_document()
    {
        var permit = (await AllPermitsOf(BusiestEmployer, 500))[0];

        var response = await _client.ListWorkerPermitsAsync(new ListWorkerPermitsRequest { TravelDocument = permit.Worker.TravelDocument });

        Assert.Contains(response.Permits, p => p.PermitNumber == permit.PermitNumber);
        Assert.All(response.Permits, p => Assert.Equal(permit.Worker.TravelDocument, p.Worker.TravelDocument));
    }

    [Fact]
    public async Task ListWorkerPermits_for_an_unknown_worker_is_empty()
    {
        var response = await _client.ListWorkerPermitsAsync(new ListWorkerPermitsRequest
        {
            TravelDocument = new TravelDocument { Type = TravelDocumentType.Passport, Number = "ZZ0000000", Nationality = "ISL" },
        });

        Assert.Empty(response.Permits);
    }

    [Fact]
    public async Task A_cached_empty_permit_list_says_it_came_from_cache_and_its_age()
    {
        await agencies.WaitForLiveCacheAsync();
        var request = new ListWorkerPermitsRequest
        {
            TravelDocument = new TravelDocument { Type = TravelDocumentType.Passport, Number = "ZZ0000001", Nationality = "ISL" },
        };

        var (fetched, fetchedId) = await AnsweredAsync(_client.ListWorkerPermitsAsync(request));
        var (cached, cachedId) = await AnsweredAsync(_client.ListWorkerPermitsAsync(request));

        Assert.Empty(cached.Permits);
        AssertServedFromCache(fetched.Provenance, cached.Provenance);
        await AssertLoggedAsMissThenHitAsync(fetchedId, cachedId);
    }

    [Fact]
    public async Task A_cached_empty_page_of_permits_says_it_came_from_cache_and_its_age()
    {
        await agencies.WaitForLiveCacheAsync();
        var request = new ListEmployerPermitsRequest { Parent = "employers/99A0000077", PageSize = 10 };

        var (fetched, fetchedId) = await AnsweredAsync(_client.ListEmployerPermitsAsync(request));
        var (cached, cachedId) = await AnsweredAsync(_client.ListEmployerPermitsAsync(request));

        Assert.Empty(cached.Permits);
        AssertServedFromCache(fetched.Provenance, cached.Provenance);
        await AssertLoggedAsMissThenHitAsync(fetchedId, cachedId);
    }

    private async Task AssertLoggedAsMissThenHitAsync(Guid fetchedId, Guid cachedId)
    {
        var rows = await ExchangeLogTesting.WaitForRowsAsync(agencies.HubDatabase, [fetchedId, cachedId]);
        Assert.False(rows[fetchedId].CacheHit);
        Assert.True(rows[cachedId].CacheHit);
    }

    /// <summary>The first answer came from the ministry, the second from the cache, stamped with the first one's fetch.</summary>
    private static void AssertServedFromCache(Provenance fetched, Provenance cached)
    {
        Assert.False(fetched.FromCache);
        Assert.Equal(new Duration(), fetched.CacheAge);
        Assert.True(cached.FromCache, "the second empty answer should be served from the cache");
        Assert.True(cached.CacheAge.ToTimeSpan() > TimeSpan.Zero);
        Assert.True(cached.FetchTime.ToDateTimeOffset() <= fetched.FetchTime.ToDateTimeOffset());
    }

    private static async Task<(T Response, Guid ExchangeId)> AnsweredAsync<T>(AsyncUnaryCall<T> call)
    {
        using (call)
        {
            var response = await call.ResponseAsync;
            return (response, Guid.Parse((await call.ResponseHeadersAsync).GetValue(ExchangeContext.ResponseHeader)!));
        }
    }

    [Fact]
    public async Task ListWorkerPermits_names_every_invalid_document_field()
    {
        var fields = await RpcAssert.FailsWithInvalidFields(async () => await _client.ListWorkerPermitsAsync(new ListWorkerPermitsRequest
        {
            TravelDocument = new TravelDocument { Type = TravelDocumentType.Unspecified, Number = "ab 12", Nationality = "EG" },
        }));

        Assert.Equal(["travel_document.type", "travel_document.number", "travel_document.nationality"], fields);
    }

    [Fact]
    public async Task ListWorkerPermits_requires_a_travel_document()
    {
        var fields = await RpcAssert.FailsWithInvalidFields(async () =>
            await _client.ListWorkerPermitsAsync(new ListWorkerPermitsRequest()));

        Assert.Equal(["travel_document"], fields);
    }

    [Fact]
    public async Task GetPermit_for_an_unknown_number_is_not_found()
    {
        await RpcAssert.FailsWith(StatusCode.NotFound, ErrorReasons.ResourceNotFound, async () =>
            await _client.GetPermitAsync(new GetPermitRequest { Name = "permits/WP-1999-9999999" }));
    }

    [Theory]
    [InlineData("permits/WP-25-0001234")]
    [InlineData("WP-2025-0001234")]
    [InlineData("permits/wp-2025-0001234")]
    public async Task GetPermit_with_a_malformed_name_is_invalid(string name)
    {
        var fields = await RpcAssert.FailsWithInvalidFields(async () =>
            await _client.GetPermitAsync(new GetPermitRequest { Name = name }));

        Assert.Equal(["name"], fields);
    }

    [Fact]
    public async Task A_page_token_is_only_valid_for_the_collection_it_came_from()
    {
        var first = await _client.ListEmployerPermitsAsync(new ListEmployerPermitsRequest { Parent = BusiestEmployer, PageSize = 1 });
        Assert.NotEqual("", first.NextPageToken);
        var other = $"employers/{agencies.Population.Employer(0).RegistryNumber}";

        var fields = await RpcAssert.FailsWithInvalidFields(async () => await _client.ListEmployerPermitsAsync(
            new ListEmployerPermitsRequest { Parent = other, PageSize = 1, PageToken = first.NextPageToken }));

        Assert.Equal(["page_token"], fields);
    }

    [Theory]
    [InlineData(0, "garbage!")]
    [InlineData(0, "djF8ZW1wbG95ZXJz")]
    [InlineData(-1, "")]
    public async Task A_bad_page_token_or_size_is_invalid(int pageSize, string pageToken)
    {
        var fields = await RpcAssert.FailsWithInvalidFields(async () => await _client.ListEmployerPermitsAsync(
            new ListEmployerPermitsRequest { Parent = BusiestEmployer, PageSize = pageSize, PageToken = pageToken }));

        Assert.Single(fields);
        Assert.Equal(pageSize < 0 ? "page_size" : "page_token", fields[0]);
    }

    [Fact]
    public async Task An_oversized_page_is_reduced_to_the_maximum()
    {
        var response = await _client.ListEmployerPermitsAsync(new ListEmployerPermitsRequest { Parent = BusiestEmployer, PageSize = 100_000 });

        Assert.True(response.Permits.Count <= 500);
    }
}
