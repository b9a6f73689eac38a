using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Interop.Certificates;
using Interop.Contributions.V1;
using Interop.Hub.Agencies;
using Interop.Hub.Certificates;
using Interop.Hub.Errors;
using Interop.Hub.Exchange;
using Interop.Hub.Extensions;
using Interop.Hub.Validation;
using Interop.Ports;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Services;

/// <summary>
/// The Social Security Fund's clearance certificates: issued from the live standing (the agencies' own ports, never the
/// cache), kept in the hub's register, verifiable by code, by token, and offline with the published keys.
/// </summary>
public sealed class ClearanceCertificatesService(
    [FromKeyedServices(CachingExtensions.AgencyBackendKey)] IContributionStanding fund,
    [FromKeyedServices(CachingExtensions.AgencyBackendKey)] IEmployerRegistry registry,
    AgencyGateway gateway,
    ICertificateStore store,
    IssuerKeyRing keys,
    CertificateVerifier verifier,
    LookupLimiter lookups,
    IOptions<CertificateOptions> options,
    TimeProvider timeProvider) : ClearanceCertificates.ClearanceCertificatesBase
{
    private const int MaxRequestedBy = 100;
    private const int MaxReason = 500;
    private const int MaxToken = 8192;

    private readonly CertificateOptions _options = options.Value;

    public override async Task<RequestCertificateResponse> RequestCertificate(RequestCertificateRequest request, ServerCallContext context)
    {
        var (registryNumber, requestId) = ValidateRequest(request);
        var exchange = Provided(context, registryNumber);
        var requestKey = $"{exchange.Caller!.AgencyCode}|{requestId}";

        if (await store.FindByRequestAsync(requestKey, context.CancellationToken) is { } earlier)
        {
            return new RequestCertificateResponse { Certificate = SameRequest(earlier, registryNumber, request.Purpose) };
        }

        // Live: the certificate attests the standing as the fund's system has it now, never a cached copy.
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        var standingCall = gateway.CallLiveAsync(context, AgencyCodes.SocialSecurityFund, ct => fund.GetStandingAsync(registryNumber, today, ct));
        var employerCall = gateway.CallLiveAsync(context, AgencyCodes.CommercialRegistry, ct => registry.GetEmployerAsync(registryNumber, ct));
        await Task.WhenAll(standingCall, employerCall);
        var employer = (await employerCall)?.Record
            ?? throw new ResourceNotFoundException("employer", ResourceNames.Employer(registryNumber));
        var standing = (await standingCall)?.Record;

        var unmet = ClearanceConditions.Unmet(registryNumber, employer, standing);
        if (unmet.Count > 0)
        {
            throw CertificateErrors.Refused(ResourceNames.Employer(registryNumber), unmet);
        }

        var issued = Issue(registryNumber, employer, standing!, request);
        var kept = await store.AddAsync(issued, requestKey, CancellationToken.None);
        return new RequestCertificateResponse { Certificate = SameRequest(kept, registryNumber, request.Purpose) };
    }

    public override async Task<GetCertificateResponse> GetCertificate(GetCertificateRequest request, ServerCallContext context)
    {
        var certificate = await Existing("name", request.Name, context);
        return new GetCertificateResponse { Certificate = certificate };
    }

    public override async Task<ListCertificatesResponse> ListCertificates(ListCertificatesRequest request, ServerCallContext context)
    {
        var registryNumber = ResourceNames.ParseEmployer("parent", request.Parent);
        var pageSize = PageTokens.PageSize(request.PageSize);
        var after = PageTokens.Parse(request.PageToken, request.Parent, IsCertificateId);
        Provided(context, registryNumber);

        var page = await store.ListAsync(registryNumber, after, pageSize + 1, context.CancellationToken);
        var response = new ListCertificatesResponse { Certificates = { page.Take(pageSize) } };
        if (page.Count > pageSize)
        {
            response.NextPageToken = PageTokens.Create(request.Parent, CertificateTokens.IdOf(page[pageSize - 1]));
        }

        return response;
    }

    public override async Task<RevokeCertificateResponse> RevokeCertificate(RevokeCertificateRequest request, ServerCallContext context)
    {
        var id = ParseName("name", request.Name);
        RequireText("reason", request.Reason, MaxReason);
        var caller = ExchangeContext.CallerOf(context);
        if (caller.AgencyCode != AgencyCodes.SocialSecurityFund)
        {
            throw CertificateErrors.NotTheIssuer(caller.AgencyCode, IssuerKeyRing.Issuer);
        }

        var revoked = await store.RevokeAsync(id, request.Reason.Trim(), timeProvider.GetUtcNow(), CancellationToken.None)
            ?? throw new ResourceNotFoundException("certificate", request.Name);
        Provided(context, revoked.RegistryNumber);
        return new RevokeCertificateResponse { Certificate = revoked };
    }

    public override async Task<VerifyCertificateResponse> VerifyCertificate(VerifyCertificateRequest request, ServerCallContext context)
    {
        Verification verification;
        switch (request.CredentialCase)
        {
            case VerifyCertificateRequest.CredentialOneofCase.VerificationCode:
                await lookups.AcquireAsync(ExchangeContext.CallerOf(context).ToString());
                if (!VerificationCode.TryNormalize(request.VerificationCode, out var code))
                {
                    throw RequestValidationException.ForField(
                        "verification_code",
                        "is not a verification code: 20 symbols of 0-9 and A-Z without I, L, O, U, the last a check symbol (mistyped?)");
                }

                verification = await verifier.ByCodeAsync(code, context.CancellationToken);
                break;
            case VerifyCertificateRequest.CredentialOneofCase.Token:
                if (request.Token.Length > MaxToken)
                {
                    throw RequestValidationException.ForField("token", $"is longer than {MaxToken} characters: not a certificate token");
                }

                verification = await verifier.ByTokenAsync(request.Token.Trim(), context.CancellationToken);
                break;
            default:
                throw RequestValidationException.ForField("credential", "is required: set verification_code or token");
        }

        Provided(context, verification.Certificate?.RegistryNumber);
        return new VerifyCertificateResponse { Verdict = verification.Verdict, Certificate = verification.Certificate };
    }

    private (string RegistryNumber, string RequestId) ValidateRequest(RequestCertificateRequest request)
    {
        var violations = new List<BadRequest.Types.FieldViolation>();
        if (!ResourceNames.TryParseEmployer(request.Employer, out var registryNumber))
        {
            violations.Add(new() { Field = "employer", Description = ResourceNames.DescribeEmployerProblem(request.Employer) });
        }

        if (!_options.Validity.ContainsKey(request.Purpose))
        {
            violations.Add(new()
            {
                Field = "purpose",
                Description = $"{(request.Purpose.Length == 0 ? "is required" : $"'{ResourceNames.Truncate(request.Purpose)}' is not a certificate purpose")}: "
                    + $"one of {string.Join(", ", _options.Validity.Keys.Order(StringComparer.Ordinal))}",
            });
        }

        if (TextProblem(request.RequestedBy, MaxRequestedBy) is { } requestedBy)
        {
            violations.Add(new() { Field = "requested_by", Description = requestedBy });
        }

        if (!Guid.TryParseExact(request.RequestId, "D", out var requestId) || requestId == Guid.Empty)
        {
            violations.Add(new()
            {
                Field = "request_id",
                Description = "must be a UUID (e.g. 3f2b6c1e-8d4a-4c5e-9b1a-2f6d7e8c9a0b) chosen by the caller; a retry sends the same one",
            });
        }

        return violations.Count > 0 ? throw new RequestValidationException(violations) : (registryNumber, requestId.ToString("D"));
    }

    /// <summary>AIP-155: a request id answers one request; reused for another, it is the caller's mistake.</summary>
    private static Certificate SameRequest(Certificate certificate, string registryNumber, string purpose) =>
        certificate.RegistryNumber == registryNumber && certificate.Purpose == purpose
            ? certificate
            : throw RequestValidationException.ForField(
                "request_id",
                $"was already used for another request ({certificate.Employer}, {certificate.Purpose}); choose a new UUID for a new request");

    private Certificate Issue(string registryNumber, Interop.Employers.V1.Employer employer, Standing standing, RequestCertificateRequest request)
    {
        var now = timeProvider.GetUtcNow();
        // Whole seconds: what the token's iat and exp can carry, so the register and the token agree exactly.
        var issued = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var code = VerificationCode.Generate();
        var certificate = new Certificate
        {
            Name = $"certificates/{Guid.CreateVersion7(now):D}",
            VerificationCode = code,
            Employer = ResourceNames.Employer(registryNumber),
            RegistryNumber = registryNumber,
            SocialSecurityNumber = standing.SocialSecurityNumber,
            LegalNameAr = employer.LegalNameAr,
            LegalNameLatin = employer.LegalNameLatin,
            Purpose = request.Purpose,
            RequestedBy = request.RequestedBy.Trim(),
            IssueTime = Timestamp.FromDateTimeOffset(issued),
            ExpireTime = Timestamp.FromDateTimeOffset(issued + _options.Validity[request.Purpose]),
            StandingAsOf = standing.AsOf,
            LastPaidPeriod = standing.LastPaidPeriod,
            LastDeclaredPeriod = standing.LastDeclaredPeriod,
            Issuer = IssuerKeyRing.Issuer,
            SigningKeyId = keys.SigningKey.KeyId,
            State = CertificateState.Active,
            VerificationUrl = CertificateLinks.Verification(_options.PublicBaseUrl, code),
        };
        certificate.Token = CertificateTokens.Sign(certificate, keys.SigningKey);
        return certificate;
    }

    private async Task<Certificate> Existing(string field, string name, ServerCallContext context)
    {
        var certificate = await store.GetAsync(ParseName(field, name), context.CancellationToken)
            ?? throw new ResourceNotFoundException("certificate", name);
        Provided(context, certificate.RegistryNumber);
        return certificate;
    }

    private static ExchangeContext Provided(ServerCallContext context, string? registryNumber)
    {
        var exchange = ExchangeContext.Of(context);
        exchange.ProviderAgency = AgencyCodes.SocialSecurityFund;
        if (registryNumber is not null)
        {
            exchange.Subjects.Add(registryNumber);
        }

        return exchange;
    }

    private static string ParseName(string field, string name)
    {
        var id = name.StartsWith("certificates/", StringComparison.Ordinal) ? name["certificates/".Length..] : "";
        return IsCertificateId(id)
            ? id
            : throw RequestValidationException.ForField(
                field, $"'{ResourceNames.Truncate(name)}' is not 'certificates/{{certificate_id}}' (the id is a UUID)");
    }

    private static bool IsCertificateId(string id) => Guid.TryParseExact(id, "D", out var parsed) && parsed.ToString("D") == id;

    private static void RequireText(string field, string value, int maxLength)
    {
        if (TextProblem(value, maxLength) is { } problem)
        {
            throw RequestValidationException.ForField(field, problem);
        }
    }

    private static string? TextProblem(string value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? "is required"
        : value.Trim().Length > maxLength ? $"is longer than {maxLength} characters"
        : FreeText.HasControlCharacters(value) ? FreeText.ControlCharacterProblem
        : null;
}
