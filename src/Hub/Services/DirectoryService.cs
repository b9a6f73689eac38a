using Grpc.Core;
using Interop.Hub.Agencies;
using Interop.Hub.Certificates;
using Interop.Hub.Exchange;
using Interop.Hub.V1;

namespace Interop.Hub.Services;

/// <summary>What is connected to the hub, and what the caller may call.</summary>
public sealed class DirectoryService(AgencyDirectory directory, IssuerKeyRing issuerKeys) : Interop.Hub.V1.Directory.DirectoryBase
{
    public override Task<ListAgenciesResponse> ListAgencies(ListAgenciesRequest request, ServerCallContext context) =>
        Task.FromResult(new ListAgenciesResponse { Agencies = { directory.Agencies } });

    public override Task<GetCallerAccessResponse> GetCallerAccess(GetCallerAccessRequest request, ServerCallContext context)
    {
        var caller = ExchangeContext.CallerOf(context);
        return Task.FromResult(new GetCallerAccessResponse
        {
            AgencyCode = caller.AgencyCode,
            System = caller.System,
            AllowedMethods = { directory.AllMethods() },
        });
    }

    public override Task<ListIssuerKeysResponse> ListIssuerKeys(ListIssuerKeysRequest request, ServerCallContext context) =>
        Task.FromResult(new ListIssuerKeysResponse { Keys = { issuerKeys.PublishedKeys }, Jwks = issuerKeys.Jwks });
}
