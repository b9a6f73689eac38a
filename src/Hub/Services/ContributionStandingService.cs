using Grpc.Core;
using Interop.Contributions.V1;
using Interop.Hub.Agencies;
using Interop.Hub.Errors;
using Interop.Hub.Exchange;
using Interop.Hub.Validation;
using Interop.Ports;

namespace Interop.Hub.Services;

/// <summary>The Social Security Fund's contribution standing, served through the hub.</summary>
public sealed class ContributionStandingService(
    IContributionStanding fund,
    IEmployerRegistry registry,
    AgencyGateway gateway,
    ProvenanceStamp provenance,
    TimeProvider timeProvider) : ContributionStanding.ContributionStandingBase
{
    public override async Task<GetStandingResponse> GetStanding(GetStandingRequest request, ServerCallContext context)
    {
        var registryNumber = ResourceNames.ParseStanding("name", request.Name);
        ExchangeContext.Of(context).Subjects.Add(registryNumber);
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        var asOf = request.AsOf is null ? today : Dates.Parse("as_of", request.AsOf);
        if (asOf > today)
        {
            throw RequestValidationException.ForField("as_of", $"{asOf:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} UTC)");
        }

        var (standing, cachedAt) = await gateway.CallWithCacheTimeAsync(
            context, AgencyCodes.SocialSecurityFund, ct => fund.GetStandingAsync(registryNumber, asOf, ct));
        if (standing is { } known)
        {
            return new GetStandingResponse
            {
                Standing = known.Record,
                Provenance = provenance.For(context, AgencyCodes.SocialSecurityFund, known),
            };
        }

        // The fund has never heard of this number: an employer that exists at the registry is simply
        // not registered with the fund, which is an answer; a number nobody knows is NOT_FOUND.
        var employer = await gateway.CallAsync(context, AgencyCodes.CommercialRegistry, ct => registry.GetEmployerAsync(registryNumber, ct))
            ?? throw new ResourceNotFoundException("employer", ResourceNames.Employer(registryNumber));

        // The answer rests on the registry's record too: a call that had to ask the registry was no cache hit.
        ExchangeContext.Of(context).RecordServed(employer.FromCache);
        return new GetStandingResponse
        {
            Standing = NotRegistered(registryNumber, asOf),
            Provenance = provenance.ForNoRecord(context, AgencyCodes.SocialSecurityFund, cachedAt),
        };
    }

    private static Standing NotRegistered(string registryNumber, DateOnly asOf) => new()
    {
        Name = ResourceNames.Standing(registryNumber),
        AsOf = Dates.ToProto(asOf),
        Status = StandingStatus.NotRegistered,
        ClearanceEligible = false,
        UnmetConditions =
        {
            new UnmetCondition
            {
                Kind = UnmetConditionKind.NotRegistered,
                Description = "The employer exists at the commercial registry but has no account with the social security fund.",
            },
        },
    };
}
