using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Interop.Employers.V1;
using Interop.Hub.Access;
using Interop.Hub.Errors;
using Interop.Hub.V1;
using static Interop.Hub.Tests.Access.AccessTesting;
using Grant = Interop.Hub.V1.Grant;

namespace Interop.Hub.Tests.Access;

/// <summary>Grants managed through AccessAdmin: by the provider or the hub's operator, in force at once, revoked for good.</summary>
public sealed class AccessAdminServiceTests : IAsyncLifetime
{
    private const string Employers = "interop.employers.v1.EmployerRegistry";

    private readonly HubHost _hub = HubHost.Sandbox();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    public static CreateGrantRequest PortalReadsEmployers(string? id = null, RateLimit? rateLimit = null) => new()
    {
        GrantId = id ?? "",
        Grant = new Grant
        {
            ConsumerAgency = "PORTAL",
            Service = Employers,
            Method = "GetEmployer",
            Purposes = { "PUBLIC_PROCUREMENT" },
            FieldMask = new FieldMask { Paths = { "registry_number", "status" } },
            RateLimit = rateLimit,
        },
    };

    [Fact]
    public async Task Grant_call_revoke_call_again()
    {
        var admin = Admin("CR/registry-office");
        var portal = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("PORTAL/web", purpose: "PUBLIC_PROCUREMENT"));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.AccessNotGranted,
            async () => await portal.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(3) }));

        var created = (await admin.CreateGrantAsync(PortalReadsEmployers("portal-procurement"))).Grant;
        var answer = await portal.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(3) });
        var revoked = (await admin.RevokeGrantAsync(new RevokeGrantRequest { Name = created.Name, Reason = "procurement file closed" })).Grant;

        Assert.Equal("grants/portal-procurement", created.Name);
        Assert.Equal("CR", created.ProviderAgency);
        Assert.Equal("CR/registry-office", created.Creator);
        Assert.Equal(GrantState.Active, created.State);
        Assert.Equal(Population.Employer(3).RegistryNumber, answer.Employer.RegistryNumber);
        Assert.Equal("", answer.Employer.TaxId);
        Assert.Equal(GrantState.Revoked, revoked.State);
        Assert.Equal("procurement file closed", revoked.RevokeReason);
        Assert.Equal("CR/registry-office", revoked.Revoker);
        Assert.NotNull(revoked.RevokeTime);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.AccessNotGranted,
            async () => await portal.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(3) }));

        // Kept for audit, and revoked once only.
        var kept = (await admin.GetGrantAsync(new GetGrantRequest { Name = created.Name })).Grant;
        Assert.Equal(revoked, kept);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, AccessErrorReasons.GrantRevoked,
            async () => await admin.RevokeGrantAsync(new RevokeGrantRequest { Name = created.Name, Reason = "again" }));
    }

    [Fact]
    public async Task A_grant_on_one_method_does_not_open_the_others()
    {
        await Admin("CR/registry-office").CreateGrantAsync(PortalReadsEmployers());
        var portal = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("PORTAL/web", purpose: "PUBLIC_PROCUREMENT"));

        await portal.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(3) });
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.AccessNotGranted,
            async () => await portal.BatchGetEmployersAsync(new BatchGetEmployersRequest { Names = { EmployerName(3) } }));
    }

    [Fact]
    public async Task A_grant_to_one_system_does_not_open_the_agencys_other_systems()
    {
        var request = PortalReadsEmployers();
        request.Grant.ConsumerSystem = "web";
        await Admin("CR/registry-office").CreateGrantAsync(request);

        await new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("PORTAL/web", purpose: "PUBLIC_PROCUREMENT"))
            .GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(3) });
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.AccessNotGranted, async () =>
            await new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("PORTAL/batch", purpose: "PUBLIC_PROCUREMENT"))
                .GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(3) }));
    }

    [Fact]
    public async Task Only_the_provider_or_the_hubs_operator_may_grant_and_revoke()
    {
        var status = await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.GrantNotManaged,
            async () => await Admin("MOL/permits-backoffice").CreateGrantAsync(PortalReadsEmployers()));
        Assert.Equal("CR", status.GetDetail<ErrorInfo>().Metadata["provider"]);

        var byOperator = (await Admin("HUB/console").CreateGrantAsync(PortalReadsEmployers("by-the-operator"))).Grant;
        Assert.Equal("CR", byOperator.ProviderAgency);

        // The consumer sees its grant but may not revoke it; a bystander does not see it at all.
        Assert.Equal(byOperator, (await Admin("PORTAL/web").GetGrantAsync(new GetGrantRequest { Name = byOperator.Name })).Grant);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, AccessErrorReasons.GrantNotManaged, async () =>
            await Admin("PORTAL/web").RevokeGrantAsync(new RevokeGrantRequest { Name = byOperator.Name, Reason = "mine" }));
        await RpcAssert.FailsWith(StatusCode.NotFound, ErrorReasons.ResourceNotFound, async () =>
            await Admin("GS/border-control").GetGrantAsync(new GetGrantRequest { Name = byOperator.Name }));
        await Admin("CR/registry-office").RevokeGrantAsync(new RevokeGrantRequest { Name = byOperator.Name, Reason = "not needed" });
    }

    [Fact]
    public async Task An_agency_lists_the_grants_it_provides_or_consumes_page_by_page()
    {
        var created = (await Admin("CR/registry-office").CreateGrantAsync(PortalReadsEmployers("portal-list"))).Grant;

        var cr = await ListAllAsync("CR/registry-office", showRevoked: false);
        var portal = await ListAllAsync("PORTAL/web", showRevoked: false);
        var gs = await ListAllAsync("GS/border-control", showRevoked: false);
        var everything = await ListAllAsync("HUB/console", showRevoked: false);

        Assert.Contains(created.Name, cr);
        Assert.Contains("grants/sandbox-ssf-employers", cr);
        Assert.Contains("grants/sandbox-cr-standing", cr);
        Assert.Contains(created.Name, portal);
        Assert.DoesNotContain(created.Name, gs);
        Assert.Equal(["grants/sandbox-gs-employers", "grants/sandbox-gs-permits"], gs);
        Assert.Superset(cr.Concat(portal).Concat(gs).ToHashSet(), everything.ToHashSet());

        await Admin("CR/registry-office").RevokeGrantAsync(new RevokeGrantRequest { Name = created.Name, Reason = "done" });
        Assert.DoesNotContain(created.Name, await ListAllAsync("PORTAL/web", showRevoked: false));
        Assert.Contains(created.Name, await ListAllAsync("PORTAL/web", showRevoked: true));
    }

    [Fact]
    public async Task A_grant_is_validated_field_by_field()
    {
        var admin = Admin("CR/registry-office");
        var request = PortalReadsEmployers("x");
        request.Grant.ConsumerAgency = "NOPE";
        request.Grant.ConsumerSystem = "Web Front";
        request.Grant.Purposes.Add("CURIOSITY");
        request.Grant.FieldMask.Paths.Add("headcount");
        request.Grant.RateLimit = new RateLimit { RequestsPerSecond = 0 };

        var fields = await RpcAssert.FailsWithInvalidFields(async () => await admin.CreateGrantAsync(request));

        Assert.Equal(
            ["grant_id", "grant.consumer_agency", "grant.consumer_system", "grant.purposes[1]", "grant.field_mask", "grant.rate_limit.requests_per_second"],
            fields);
        Assert.Equal(["grant.service"], await RpcAssert.FailsWithInvalidFields(async () => await admin.CreateGrantAsync(new CreateGrantRequest
        {
            Grant = new Grant { ConsumerAgency = "PORTAL", Service = "interop.hub.v1.Directory" },
        })));
        Assert.Equal(["grant.method"], await RpcAssert.FailsWithInvalidFields(async () => await admin.CreateGrantAsync(new CreateGrantRequest
        {
            Grant = new Grant { ConsumerAgency = "PORTAL", Service = Employers, Method = "DeleteEmployer" },
        })));
        Assert.Equal(["grant.consumer_agency"], await RpcAssert.FailsWithInvalidFields(async () => await admin.CreateGrantAsync(new CreateGrantRequest
        {
            Grant = new Grant { ConsumerAgency = "CR", Service = Employers },
        })));
        var manyTimes = PortalReadsEmployers();
        manyTimes.Grant.Purposes.Add(Enumerable.Repeat("PUBLIC_PROCUREMENT", 10_000));
        var status = await RpcAssert.FailsWith(StatusCode.InvalidArgument, ErrorReasons.InvalidArgument, async () => await admin.CreateGrantAsync(manyTimes));
        Assert.Equal(ErrorMapper.MaxViolationsAnswered, status.GetDetail<BadRequest>().FieldViolations.Count);
        Assert.EndsWith($"; and {10_000 - ErrorMapper.MaxViolationsAnswered} more", status.Message, StringComparison.Ordinal);
        Assert.True(status.CalculateSize() < 16_384, $"{status.CalculateSize()} bytes");
        var twice = PortalReadsEmployers();
        twice.Grant.FieldMask.Paths.Add("status");
        Assert.Equal(["grant.field_mask"], await RpcAssert.FailsWithInvalidFields(async () => await admin.CreateGrantAsync(twice)));
    }

    [Fact]
    public async Task A_revocation_without_a_plain_reason_is_refused_and_the_grant_stays_in_force()
    {
        var admin = Admin("CR/registry-office");
        var created = (await admin.CreateGrantAsync(PortalReadsEmployers("reasoned"))).Grant;

        foreach (var reason in new[] { " ", new string('r', Interop.Hub.Validation.FreeText.MaxReasonLength + 1), "file\u0000closed", "file\u0085closed" })
        {
            Assert.Equal(["reason"], await RpcAssert.FailsWithInvalidFields(async () =>
                await admin.RevokeGrantAsync(new RevokeGrantRequest { Name = created.Name, Reason = reason })));
        }

        Assert.Equal(GrantState.Active, (await admin.GetGrantAsync(new GetGrantRequest { Name = created.Name })).Grant.State);
    }

    [Fact]
    public async Task A_grant_id_is_unique()
    {
        await Admin("CR/registry-office").CreateGrantAsync(PortalReadsEmployers("only-once"));

        await RpcAssert.FailsWith(StatusCode.AlreadyExists, AccessErrorReasons.GrantExists,
            async () => await Admin("CR/registry-office").CreateGrantAsync(PortalReadsEmployers("only-once")));
    }

    [Fact]
    public async Task A_rate_limited_grant_answers_resource_exhausted_with_retry_info_then_recovers()
    {
        await Admin("CR/registry-office").CreateGrantAsync(PortalReadsEmployers("portal-limited", new RateLimit { RequestsPerSecond = 1, Burst = 3 }));
        var portal = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("PORTAL/web", purpose: "PUBLIC_PROCUREMENT"));
        var other = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("PORTAL/batch", purpose: "PUBLIC_PROCUREMENT"));

        for (var i = 0; i < 3; i++)
        {
            await portal.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(i) });
        }

        var status = await RpcAssert.FailsWith(StatusCode.ResourceExhausted, AccessErrorReasons.RateLimited,
            async () => await portal.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(4) }));
        var retry = status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan();
        Assert.InRange(retry, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        Assert.Equal("grants/portal-limited:web", Assert.Single(status.GetDetail<QuotaFailure>().Violations).Subject);

        // Each calling system has its own bucket, and the bucket refills.
        await other.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(4) });
        await Task.Delay(retry + TimeSpan.FromMilliseconds(100));
        await portal.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(4) });
    }

    [Fact]
    public async Task A_batch_counts_each_name_against_the_rate_and_one_larger_than_the_burst_is_told_to_split()
    {
        var grant = PortalReadsEmployers("portal-batches", new RateLimit { RequestsPerSecond = 1, Burst = 5 });
        grant.Grant.Method = "BatchGetEmployers";
        await Admin("CR/registry-office").CreateGrantAsync(grant);
        var portal = new EmployerRegistry.EmployerRegistryClient(_hub.Invoker("PORTAL/web", purpose: "PUBLIC_PROCUREMENT"));
        BatchGetEmployersRequest Batch(int names) => new() { Names = { Enumerable.Range(0, names).Select(EmployerName) } };

        // An empty batch counts one call (and is refused by validation): 4 tokens left.
        var empty = await RpcAssert.FailsWithInvalidFields(async () => await portal.BatchGetEmployersAsync(Batch(0)));
        var overBurst = await RpcAssert.FailsWith(StatusCode.ResourceExhausted, AccessErrorReasons.RateLimited,
            async () => await portal.BatchGetEmployersAsync(Batch(6)));
        var four = await portal.BatchGetEmployersAsync(Batch(4));
        // Three names need three tokens: at one a second, seconds away.
        var overRate = await RpcAssert.FailsWith(StatusCode.ResourceExhausted, AccessErrorReasons.RateLimited,
            async () => await portal.BatchGetEmployersAsync(Batch(3)));

        Assert.Equal(["names"], empty);
        Assert.Null(overBurst.GetDetail<RetryInfo>());
        Assert.Equal(
            "A batch of 6 records counts 6 calls against grants/portal-batches, whose burst for web is 5: split it into batches of at most 5 names.",
            overBurst.Message);
        Assert.Equal(4, four.Results.Count);
        Assert.InRange(overRate.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
    }

    private AccessAdmin.AccessAdminClient Admin(string caller) => new(_hub.Invoker(caller, purpose: HubHost.None, caseReference: HubHost.None));

    private async Task<List<string>> ListAllAsync(string caller, bool showRevoked)
    {
        var names = new List<string>();
        var request = new ListGrantsRequest { PageSize = 2, ShowRevoked = showRevoked };
        do
        {
            var page = await Admin(caller).ListGrantsAsync(request);
            names.AddRange(page.Grants.Select(g => g.Name));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return names;
    }
}
