using System.Text.RegularExpressions;
using Grpc.Core;
using Interop.Hub.Agencies;
using Interop.Hub.Errors;
using Interop.Hub.Exchange;
using Interop.Hub.Validation;
using Interop.Permits.V1;
using Interop.Ports;

namespace Interop.Hub.Services;

/// <summary>The Ministry of Labour's work permits, served through the hub.</summary>
public sealed partial class WorkPermitsService(IWorkPermits permits, AgencyGateway gateway, ProvenanceStamp provenance)
    : WorkPermits.WorkPermitsBase
{
    public override async Task<GetPermitResponse> GetPermit(GetPermitRequest request, ServerCallContext context)
    {
        var permitNumber = ResourceNames.ParsePermit("name", request.Name);
        ExchangeContext.Of(context).Subjects.Add(permitNumber);
        var found = await gateway.CallAsync(context, AgencyCodes.MinistryOfLabour, ct => permits.GetPermitAsync(permitNumber, ct))
            ?? throw new ResourceNotFoundException("permit", request.Name);

        return new GetPermitResponse
        {
            Permit = found.Record,
            Provenance = provenance.For(context, AgencyCodes.MinistryOfLabour, found),
        };
    }

    public override async Task<ListWorkerPermitsResponse> ListWorkerPermits(
        ListWorkerPermitsRequest request, ServerCallContext context)
    {
        var document = ValidateTravelDocument(request.TravelDocument);
        ExchangeContext.Of(context).Subjects.Add($"{document.Type}:{document.Number}:{document.Nationality}");
        var (found, cachedAt) = await gateway.CallWithCacheTimeAsync(
            context, AgencyCodes.MinistryOfLabour, ct => permits.ListWorkerPermitsAsync(document, ct));

        var response = new ListWorkerPermitsResponse
        {
            Provenance = provenance.ForList(context, AgencyCodes.MinistryOfLabour, found, cachedAt),
        };
        response.Permits.AddRange(found.Select(p => p.Record));
        return response;
    }

    public override async Task<ListEmployerPermitsResponse> ListEmployerPermits(
        ListEmployerPermitsRequest request, ServerCallContext context)
    {
        var registryNumber = ResourceNames.ParseEmployer("parent", request.Parent);
        ExchangeContext.Of(context).Subjects.Add(registryNumber);
        var pageSize = PageTokens.PageSize(request.PageSize);
        var after = PageTokens.Parse(request.PageToken, request.Parent, PermitNumberPattern().IsMatch);

        var (page, cachedAt) = await gateway.CallWithCacheTimeAsync(
            context, AgencyCodes.MinistryOfLabour, ct => permits.ListEmployerPermitsAsync(registryNumber, pageSize, after, ct));

        var response = new ListEmployerPermitsResponse
        {
            NextPageToken = page.HasMore && page.Permits.Count > 0
                ? PageTokens.Create(request.Parent, page.Permits[^1].Record.PermitNumber)
                : "",
            Provenance = provenance.ForList(context, AgencyCodes.MinistryOfLabour, page.Permits, cachedAt),
        };
        response.Permits.AddRange(page.Permits.Select(p => p.Record));
        return response;
    }

    private static TravelDocument ValidateTravelDocument(TravelDocument? document)
    {
        if (document is null)
        {
            throw RequestValidationException.ForField("travel_document", "is required (type, number and nationality)");
        }

        var violations = new List<Google.Rpc.BadRequest.Types.FieldViolation>();
        if (document.Type == TravelDocumentType.Unspecified || !Enum.IsDefined(document.Type))
        {
            violations.Add(Violation("travel_document.type", "must be PASSPORT, REFUGEE_TRAVEL_DOCUMENT or LAISSEZ_PASSER"));
        }

        if (!DocumentNumberPattern().IsMatch(document.Number))
        {
            violations.Add(Violation("travel_document.number", $"'{ResourceNames.Truncate(document.Number)}' must be 6 to 12 uppercase letters and digits, as printed"));
        }

        if (!NationalityPattern().IsMatch(document.Nationality))
        {
            violations.Add(Violation("travel_document.nationality", $"'{ResourceNames.Truncate(document.Nationality)}' must be an ISO 3166-1 alpha-3 country code, e.g. EGY"));
        }

        return violations.Count == 0 ? document : throw new RequestValidationException(violations);
    }

    private static Google.Rpc.BadRequest.Types.FieldViolation Violation(string field, string description) =>
        new() { Field = field, Description = description };

    [GeneratedRegex(@"^WP-[0-9]{4}-[0-9]{7}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PermitNumberPattern();

    [GeneratedRegex(@"^[A-Z0-9]{6,12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentNumberPattern();

    [GeneratedRegex(@"^[A-Z]{3}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NationalityPattern();
}
