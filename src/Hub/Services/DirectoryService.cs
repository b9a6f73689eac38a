using Grpc.Core;
using Interop.Hub.Access;
using Interop.Hub.Agencies;
using Interop.Hub.Certificates;
using Interop.Hub.Exchange;
using Interop.Hub.V1;

namespace Interop.Hub.Services;

/// <summary>What is connected to the hub, exactly what the caller may call on which terms, and the issuers' keys.</summary>
public sealed class DirectoryService(AgencyDirectory directory, AccessRules rules, IssuerKeyRing issuerKeys) : Interop.Hub.V1.Directory.DirectoryBase
{
    public override Task<ListAgenciesResponse> ListAgencies(ListAgenciesRequest request, ServerCallContext context) =>
        Task.FromResult(new ListAgenciesResponse { Agencies = { directory.Agencies } });

    public override Task<GetCallerAccessResponse> GetCallerAccess(GetCallerAccessRequest request, ServerCallContext context)
    {
        var caller = ExchangeContext.CallerOf(context);
        // Before the grants are read, an answer would tell the caller it may call nothing of the other agencies.
        var grants = rules.InForce.Grants;
        var access = new List<MethodAccess>();

        // The hub's own methods, then the caller's own services, then what grants allow: the same order as the check.
        access.AddRange(AgencyDirectory.HubServices
            .SelectMany(service => service.Methods.Select(method => AgencyDirectory.MethodName(service, method)))
            .Where(method => !rules.Methods.TryGet(method, out _))
            .Select(method => new MethodAccess { Method = method }));
        access.AddRange(rules.Methods.All
            .Where(method => method.ProviderAgency == caller.AgencyCode)
            .Select(method => new MethodAccess { Method = method.FullName, ProviderAgency = method.ProviderAgency, PurposeRequired = true }));
        foreach (var grant in grants)
        {
            if (grant.Grant.ConsumerAgency != caller.AgencyCode
                || (grant.Grant.ConsumerSystem is { } system && system != caller.System))
            {
                continue;
            }

            access.AddRange(grant.Methods.Select(method => new MethodAccess
            {
                Method = method.FullName,
                ProviderAgency = method.ProviderAgency,
                PurposeRequired = true,
                Purposes = { grant.Grant.Purposes },
                FieldMask = grant.Mask is null ? null : GrantMessages.ToFieldMask(grant.Mask.Paths),
                RateLimit = GrantMessages.ToMessage(grant.Grant.RateLimit),
                Grant = grant.Grant.Name,
            }));
        }

        return Task.FromResult(new GetCallerAccessResponse
        {
            AgencyCode = caller.AgencyCode,
            System = caller.System,
            AllowedMethods = { access.Select(a => a.Method).Distinct(StringComparer.Ordinal) },
            MethodAccess = { access },
            PurposeCodes = { rules.Purposes.Order(StringComparer.Ordinal) },
        });
    }

    public override Task<ListIssuerKeysResponse> ListIssuerKeys(ListIssuerKeysRequest request, ServerCallContext context) =>
        Task.FromResult(new ListIssuerKeysResponse { Keys = { issuerKeys.PublishedKeys }, Jwks = issuerKeys.Jwks });
}
