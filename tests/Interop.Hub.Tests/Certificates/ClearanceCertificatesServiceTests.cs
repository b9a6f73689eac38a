using Google.Rpc;
using Grpc.Core;
using Interop.Certificates;
using Interop.Contributions.V1;
using Interop.Hub.Certificates;
using Interop.Hub.Errors;
using Interop.Hub.Extensions;
using Interop.Hub.Sandbox;
using Interop.Hub.V1;
using Interop.Ports;
using Interop.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Directory = Interop.Hub.V1.Directory;

namespace Interop.Hub.Tests.Certificates;

/// <summary>Clearance certificates through the hub, from the sandbox fund's live standing (register in memory).</summary>
public sealed class ClearanceCertificatesServiceTests : IAsyncLifetime
{
    private readonly CountingStanding _fundCalls = new();
    private readonly CertificateHub _hub;

    public ClearanceCertificatesServiceTests() =>
        _hub = new CertificateHub(
            new Dictionary<string, string?> { ["Certificates:CodeLookupsPerMinute"] = "1000" },
            services => services.AddKeyedSingleton<IContributionStanding>(CachingExtensions.AgencyBackendKey, (sp, _) =>
            {
                _fundCalls.Inner = new Adapters.SocialSecurity.InMemoryContributionStanding(sp.GetRequiredService<SandboxWorld>().SocialSecurity);
                return _fundCalls;
            }));

    [Fact]
    public async Task A_good_employer_gets_a_signed_certificate_with_every_field()
    {
        var employer = _hub.GoodEmployer();

        var certificate = await _hub.IssueAsync(employer);

        Assert.Matches("^certificates/[0-9a-f-]{36}$", certificate.Name);
        Assert.Matches("^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}$", certificate.VerificationCode);
        Assert.Equal($"employers/{employer.RegistryNumber}", certificate.Employer);
        Assert.Equal(employer.RegistryNumber, certificate.RegistryNumber);
        Assert.Equal(employer.SocialSecurityNumber, certificate.SocialSecurityNumber);
        Assert.Equal(employer.LegalNameAr, certificate.LegalNameAr);
        Assert.Equal(employer.LegalNameLatin, certificate.LegalNameLatin);
        Assert.Equal("PUBLIC_PROCUREMENT", certificate.Purpose);
        Assert.Equal("Amina Haddad (gérante)", certificate.RequestedBy);
        Assert.Equal(_hub.Clock.GetUtcNow().ToUnixTimeSeconds(), certificate.IssueTime.Seconds);
        Assert.Equal(TimeSpan.FromDays(90), certificate.ExpireTime.ToDateTimeOffset() - certificate.IssueTime.ToDateTimeOffset());
        var today = _hub.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(new Google.Type.Date { Year = today.Year, Month = today.Month, Day = today.Day }, certificate.StandingAsOf);
        Assert.NotNull(certificate.LastPaidPeriod);
        Assert.Equal("agencies/SSF", certificate.Issuer);
        Assert.Equal(CertificateState.Active, certificate.State);
        Assert.Equal($"http://localhost:5081/verify?code={certificate.VerificationCode}", certificate.VerificationUrl);

        // The token carries all of it, signed by a key the Directory publishes.
        var keys = await new Directory.DirectoryClient(_hub.Host.Invoker(CertificateHub.Ministry)).ListIssuerKeysAsync(new ListIssuerKeysRequest());
        var key = Assert.Single(keys.Keys);
        Assert.Equal(certificate.SigningKeyId, key.KeyId);
        Assert.Equal(IssuerKeyState.Active, key.State);
        var offline = await CertificateTokens.VerifyAsync(certificate.Token, "agencies/SSF", IssuerJwks.Parse(keys.Jwks), _hub.Clock.GetUtcNow());
        Assert.Equal(VerificationVerdict.Valid, offline.Verdict);
        var signed = offline.Certificate!;
        signed.State = certificate.State;
        signed.Token = certificate.Token;
        signed.VerificationUrl = certificate.VerificationUrl;
        Assert.Equal(certificate, signed);
    }

    [Fact]
    public async Task An_employer_in_arrears_is_refused_with_the_amount_and_the_periods()
    {
        var employer = _hub.EmployerWhere(e => e is { Lifecycle: EmployerLifecycle.Active, Contributions: ContributionBehaviour.Arrears });

        var violations = await RefusalAsync(employer);

        var unpaid = Assert.Single(violations, v => v.Type == "CONTRIBUTIONS_UNPAID");
        Assert.Equal($"employers/{employer.RegistryNumber}/standing", unpaid.Subject);
        Assert.Matches(@"[0-9,]+\.[0-9]{2} DZD", unpaid.Description);
        Assert.Matches(@"20[0-9]{2}-[01][0-9]", unpaid.Description);
    }

    [Fact]
    public async Task An_employer_with_missing_declarations_is_refused_with_the_periods()
    {
        var employer = _hub.EmployerWhere(e => e is { Lifecycle: EmployerLifecycle.Active, Contributions: ContributionBehaviour.MissingDeclarations });

        var violations = await RefusalAsync(employer);

        var missing = Assert.Single(violations, v => v.Type == "DECLARATION_MISSING");
        Assert.Matches(@"20[0-9]{2}-[01][0-9]", missing.Description);
    }

    [Fact]
    public async Task A_struck_off_employer_is_refused_by_the_fund_and_the_registry()
    {
        var employer = _hub.EmployerWhere(e => e.Lifecycle == EmployerLifecycle.StruckOff && e.Contributions == ContributionBehaviour.Good);

        var violations = await RefusalAsync(employer);

        Assert.Contains(violations, v => v.Type == "ACCOUNT_CLOSED");
        var struckOff = Assert.Single(violations, v => v.Type == ClearanceConditions.EmployerStruckOff);
        Assert.Equal($"employers/{employer.RegistryNumber}", struckOff.Subject);
    }

    [Fact]
    public async Task An_employer_unknown_to_the_fund_is_refused_as_not_registered()
    {
        var employer = _hub.EmployerWhere(e => e is { Lifecycle: EmployerLifecycle.Active, Contributions: ContributionBehaviour.NotRegistered });

        var violations = await RefusalAsync(employer);

        Assert.Equal("NOT_REGISTERED", Assert.Single(violations).Type);
    }

    [Fact]
    public async Task A_registry_number_nobody_knows_is_not_found()
    {
        var request = CertificateHub.RequestFor(_hub.GoodEmployer());
        request.Employer = "employers/99F9999999";

        await RpcAssert.FailsWith(StatusCode.NotFound, ErrorReasons.ResourceNotFound, () => _hub.Client().RequestCertificateAsync(request).ResponseAsync);
    }

    [Fact]
    public async Task A_retry_with_the_same_request_id_returns_the_same_certificate()
    {
        var request = CertificateHub.RequestFor(_hub.GoodEmployer());

        var first = (await _hub.Client().RequestCertificateAsync(request)).Certificate;
        _hub.Clock.Advance(TimeSpan.FromMinutes(5));
        var retried = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _hub.Client().RequestCertificateAsync(request).ResponseAsync));

        Assert.All(retried, r => Assert.Equal(first, r.Certificate));
        var listed = await _hub.Client().ListCertificatesAsync(new ListCertificatesRequest { Parent = request.Employer });
        Assert.Equal(first.Name, Assert.Single(listed.Certificates).Name);
    }

    [Fact]
    public async Task A_request_id_reused_for_another_request_is_refused()
    {
        var request = CertificateHub.RequestFor(_hub.GoodEmployer());
        await _hub.Client().RequestCertificateAsync(request);
        request.Purpose = "WORK_PERMIT_APPLICATION";

        var fields = await RpcAssert.FailsWithInvalidFields(() => _hub.Client().RequestCertificateAsync(request).ResponseAsync);

        Assert.Equal(["request_id"], fields);
    }

    [Fact]
    public async Task The_standing_is_asked_of_the_fund_for_every_request_never_from_the_cache()
    {
        var employer = _hub.GoodEmployer();
        var standing = new ContributionStanding.ContributionStandingClient(_hub.Host.Invoker(CertificateHub.Ministry));
        await standing.GetStandingAsync(new GetStandingRequest { Name = $"employers/{employer.RegistryNumber}/standing" });
        await standing.GetStandingAsync(new GetStandingRequest { Name = $"employers/{employer.RegistryNumber}/standing" });
        var beforeCertificates = _fundCalls.Count;

        await _hub.IssueAsync(employer);
        await _hub.IssueAsync(employer);

        Assert.Equal(beforeCertificates + 2, _fundCalls.Count);
    }

    [Fact]
    public async Task Every_invalid_field_of_a_request_is_named()
    {
        var request = new RequestCertificateRequest { Employer = "employers/16Z1", Purpose = "HOLIDAY", RequestedBy = " ", RequestId = "42" };

        var fields = await RpcAssert.FailsWithInvalidFields(() => _hub.Client().RequestCertificateAsync(request).ResponseAsync);

        Assert.Equal(["employer", "purpose", "requested_by", "request_id"], fields);
    }

    [Fact]
    public async Task A_valid_certificate_verifies_by_code_however_it_is_typed()
    {
        var certificate = await _hub.IssueAsync(_hub.GoodEmployer());
        var typed = certificate.VerificationCode.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant().Replace('0', 'o').Replace('1', 'l');

        var response = await _hub.Client(CertificateHub.Ministry).VerifyCertificateAsync(new VerifyCertificateRequest { VerificationCode = typed });

        Assert.Equal(VerificationVerdict.Valid, response.Verdict);
        Assert.Equal(certificate.Name, response.Certificate.Name);
        Assert.Equal(certificate.LegalNameLatin, response.Certificate.LegalNameLatin);
    }

    [Fact]
    public async Task A_verifier_whose_grant_has_a_field_mask_sees_only_those_fields()
    {
        var certificate = await _hub.IssueAsync(_hub.GoodEmployer());

        var registry = await _hub.Client("CR/tender-desk").VerifyCertificateAsync(new VerifyCertificateRequest { VerificationCode = certificate.VerificationCode });
        var ministry = await _hub.Client(CertificateHub.Ministry).VerifyCertificateAsync(new VerifyCertificateRequest { VerificationCode = certificate.VerificationCode });

        Assert.Equal(VerificationVerdict.Valid, registry.Verdict);
        var masked = registry.Certificate;
        Assert.Equal((certificate.Name, certificate.RegistryNumber, certificate.LegalNameAr, certificate.ExpireTime), (masked.Name, masked.RegistryNumber, masked.LegalNameAr, masked.ExpireTime));
        Assert.Equal(("", "", "", null), (masked.SocialSecurityNumber, masked.RequestedBy, masked.Token, masked.LastPaidPeriod));
        Assert.Equal(certificate, ministry.Certificate);
    }

    [Fact]
    public async Task Issuing_refusing_and_revoking_are_exchanges_in_the_log()
    {
        var good = _hub.GoodEmployer(skip: 2);
        var arrears = _hub.EmployerWhere(e => e is { Lifecycle: EmployerLifecycle.Active, Contributions: ContributionBehaviour.Arrears });
        var certificate = await _hub.IssueAsync(good);
        await Assert.ThrowsAsync<RpcException>(() => _hub.Client().RequestCertificateAsync(CertificateHub.RequestFor(arrears)).ResponseAsync);
        await _hub.Client(CertificateHub.Fund).RevokeCertificateAsync(new RevokeCertificateRequest { Name = certificate.Name, Reason = "issued in error" });

        var log = new Interop.Hub.V1.ExchangeLog.ExchangeLogClient(_hub.Host.Invoker(CertificateHub.Fund));
        var logged = (await ExchangeLog.ExchangeLogTesting.EventuallyAsync(
            () =>
            {
                // The log writer pauses between batches by the hub's clock, which this test otherwise holds still.
                _hub.Clock.Advance(TimeSpan.FromSeconds(1));
                return log.ListExchangesAsync(new ListExchangesRequest { PageSize = 50 }).ResponseAsync;
            },
            page => page.Exchanges.Count(e => e.Method.Contains("ClearanceCertificates", StringComparison.Ordinal)) >= 3,
            TimeSpan.FromSeconds(10))).Exchanges;

        var service = "/interop.contributions.v1.ClearanceCertificates/";
        Assert.Contains(logged, e => e.Method == service + "RequestCertificate" && e.SubjectIds.Contains(good.RegistryNumber)
            && e.ProviderAgency == "SSF" && e.StatusCode == Google.Rpc.Code.Ok);
        Assert.Contains(logged, e => e.Method == service + "RequestCertificate" && e.SubjectIds.Contains(arrears.RegistryNumber)
            && e.StatusCode == Google.Rpc.Code.FailedPrecondition);
        Assert.Contains(logged, e => e.Method == service + "RevokeCertificate" && e.SubjectIds.Contains(good.RegistryNumber)
            && e.CallerAgency == "SSF" && e.StatusCode == Google.Rpc.Code.Ok);
    }

    [Fact]
    public async Task A_certificate_past_its_validity_is_expired()
    {
        var certificate = await _hub.IssueAsync(_hub.GoodEmployer(), "COMPANY_CLOSURE");
        _hub.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.Equal(VerificationVerdict.Valid, await _hub.VerdictByCodeAsync(certificate.VerificationCode));

        _hub.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(VerificationVerdict.Expired, await _hub.VerdictByCodeAsync(certificate.VerificationCode));
        Assert.Equal(VerificationVerdict.Expired, (await _hub.VerifyTokenAsync(certificate.Token)).Verdict);
    }

    [Fact]
    public async Task A_certificate_revoked_by_the_fund_verifies_as_revoked_by_code_and_by_token()
    {
        var certificate = await _hub.IssueAsync(_hub.GoodEmployer());
        _hub.Clock.Advance(TimeSpan.FromHours(1));

        var revoked = (await _hub.Client(CertificateHub.Fund).RevokeCertificateAsync(
            new RevokeCertificateRequest { Name = certificate.Name, Reason = "issued in error" })).Certificate;

        Assert.Equal(CertificateState.Revoked, revoked.State);
        Assert.Equal("issued in error", revoked.RevocationReason);
        Assert.Equal(_hub.Clock.GetUtcNow(), revoked.RevokeTime.ToDateTimeOffset());
        Assert.Equal(VerificationVerdict.Revoked, await _hub.VerdictByCodeAsync(certificate.VerificationCode));
        var byToken = await _hub.VerifyTokenAsync(certificate.Token);
        Assert.Equal(VerificationVerdict.Revoked, byToken.Verdict);
        Assert.Equal("issued in error", byToken.Certificate.RevocationReason);
    }

    [Fact]
    public async Task Only_the_issuer_may_revoke()
    {
        var certificate = await _hub.IssueAsync(_hub.GoodEmployer());

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, CertificateErrors.NotIssuer, () => _hub.Client(CertificateHub.Ministry)
            .RevokeCertificateAsync(new RevokeCertificateRequest { Name = certificate.Name, Reason = "we do not like it" }).ResponseAsync);
        Assert.Equal(VerificationVerdict.Valid, await _hub.VerdictByCodeAsync(certificate.VerificationCode));
    }

    [Fact]
    public async Task A_well_formed_code_nobody_was_given_is_unknown_and_a_mistyped_one_is_invalid()
    {
        var certificate = await _hub.IssueAsync(_hub.GoodEmployer());
        string unknown;
        do
        {
            unknown = VerificationCode.Generate();
        }
        while (unknown == certificate.VerificationCode);
        var mistyped = certificate.VerificationCode[..^1] + (certificate.VerificationCode[^1] == 'X' ? 'Y' : 'X');

        var response = await _hub.Client(CertificateHub.Ministry).VerifyCertificateAsync(new VerifyCertificateRequest { VerificationCode = unknown });

        Assert.Equal(VerificationVerdict.Unknown, response.Verdict);
        Assert.Null(response.Certificate);
        Assert.Equal(["verification_code"], await RpcAssert.FailsWithInvalidFields(() => _hub.Client(CertificateHub.Ministry)
            .VerifyCertificateAsync(new VerifyCertificateRequest { VerificationCode = mistyped }).ResponseAsync));
    }

    [Fact]
    public async Task A_token_with_one_byte_changed_is_tampered()
    {
        var certificate = await _hub.IssueAsync(_hub.GoodEmployer());
        var parts = certificate.Token.Split('.');
        // One character of the payload: the registry number, a date or a name now reads differently.
        var payload = parts[1].ToCharArray();
        var at = payload.Length / 2;
        payload[at] = payload[at] == 'A' ? 'B' : 'A';
        var tampered = string.Join('.', parts[0], new string(payload), parts[2]);

        var response = await _hub.VerifyTokenAsync(tampered);

        Assert.Equal(VerificationVerdict.Tampered, response.Verdict);
        Assert.Null(response.Certificate);
        Assert.Equal(VerificationVerdict.Tampered, (await _hub.VerifyTokenAsync("not.a.token")).Verdict);
        Assert.Equal(VerificationVerdict.Valid, (await _hub.VerifyTokenAsync(certificate.Token)).Verdict);
    }

    [Fact]
    public async Task An_employers_certificates_are_listed_newest_first_page_by_page()
    {
        var employer = _hub.GoodEmployer(skip: 1);
        var issued = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            issued.Add((await _hub.IssueAsync(employer)).Name);
            _hub.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        var listed = new List<string>();
        var request = new ListCertificatesRequest { Parent = $"employers/{employer.RegistryNumber}", PageSize = 2 };
        do
        {
            var page = await _hub.Client(CertificateHub.Ministry).ListCertificatesAsync(request);
            Assert.True(page.Certificates.Count <= 2);
            listed.AddRange(page.Certificates.Select(c => c.Name));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(Enumerable.Reverse(issued), listed);
        var got = await _hub.Client(CertificateHub.Ministry).GetCertificateAsync(new GetCertificateRequest { Name = issued[0] });
        Assert.Equal(issued[0], got.Certificate.Name);
        await RpcAssert.FailsWith(StatusCode.NotFound, ErrorReasons.ResourceNotFound, () => _hub.Client(CertificateHub.Ministry)
            .GetCertificateAsync(new GetCertificateRequest { Name = $"certificates/{Guid.NewGuid()}" }).ResponseAsync);
        Assert.Equal(["name"], await RpcAssert.FailsWithInvalidFields(() => _hub.Client(CertificateHub.Ministry)
            .GetCertificateAsync(new GetCertificateRequest { Name = "certificates/../../etc" }).ResponseAsync));
    }

    [Fact]
    public async Task A_verification_without_code_or_token_is_invalid()
    {
        var fields = await RpcAssert.FailsWithInvalidFields(() => _hub.Client(CertificateHub.Ministry)
            .VerifyCertificateAsync(new VerifyCertificateRequest()).ResponseAsync);

        Assert.Equal(["credential"], fields);
    }

    private async Task<IReadOnlyList<PreconditionFailure.Types.Violation>> RefusalAsync(EmployerProfile employer)
    {
        var status = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, CertificateErrors.ConditionsUnmet, () =>
            _hub.Client().RequestCertificateAsync(CertificateHub.RequestFor(employer)).ResponseAsync);
        var failure = status.GetDetail<PreconditionFailure>();
        Assert.NotNull(failure);
        Assert.NotEmpty(failure.Violations);
        Assert.All(failure.Violations, v => Assert.Contains(v.Type, status.Message, StringComparison.Ordinal));
        var listed = await _hub.Client().ListCertificatesAsync(new ListCertificatesRequest { Parent = $"employers/{employer.RegistryNumber}" });
        Assert.Empty(listed.Certificates);
        return failure.Violations;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    /// <summary>Stands between the hub and the sandbox fund, counting the calls that reach the fund.</summary>
    private sealed class CountingStanding : IContributionStanding
    {
        private int _count;

        public IContributionStanding? Inner { get; set; }

        public int Count => Volatile.Read(ref _count);

        public Task<Sourced<Standing>?> GetStandingAsync(string registryNumber, DateOnly asOf, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return Inner!.GetStandingAsync(registryNumber, asOf, cancellationToken);
        }
    }
}
