using System.Text.RegularExpressions;
using Google.Rpc;
using Grpc.Core;
using Interop.Hub.Access;
using Interop.Hub.Agencies;
using Interop.Hub.Errors;
using Interop.Hub.Exchange;
using Interop.Hub.Identity;
using Interop.Hub.V1;
using Interop.Hub.Validation;
using Microsoft.Extensions.Options;
using Grant = Interop.Hub.Access.Grant;

namespace Interop.Hub.Services;

/// <summary>
/// Grants, managed by the agencies themselves: a provider grants and revokes access to its own services, the hub's
/// operator agency to any. An agency sees the grants it provides or consumes.
/// </summary>
public sealed partial class AccessAdminService(
    IGrantStore store,
    GrantableMethods methods,
    AgencyDirectory directory,
    IOptions<AccessOptions> options,
    TimeProvider timeProvider) : AccessAdmin.AccessAdminBase
{
    public const int MaxRequestsPerSecond = 100_000;
    public const int MaxBurst = 1_000_000;

    private readonly string _operator = options.Value.OperatorAgency;
    private readonly IReadOnlyList<string> _purposes = options.Value.EffectivePurposes;

    public override async Task<CreateGrantResponse> CreateGrant(CreateGrantRequest request, ServerCallContext context)
    {
        var caller = ExchangeContext.CallerOf(context);
        var grant = Validate(request, caller);
        if (!Manages(caller, grant.ProviderAgency))
        {
            throw NotManaged(caller, grant.ProviderAgency, "grant access to");
        }

        await store.CreateAsync(grant, context.CancellationToken);
        return new CreateGrantResponse { Grant = GrantMessages.ToMessage(grant) };
    }

    public override async Task<GetGrantResponse> GetGrant(GetGrantRequest request, ServerCallContext context)
    {
        var caller = ExchangeContext.CallerOf(context);
        var grant = await FindVisibleAsync(request.Name, caller, context.CancellationToken);
        return new GetGrantResponse { Grant = GrantMessages.ToMessage(grant) };
    }

    public override async Task<ListGrantsResponse> ListGrants(ListGrantsRequest request, ServerCallContext context)
    {
        var caller = ExchangeContext.CallerOf(context);
        var pageSize = PageTokens.PageSize(request.PageSize);
        var agency = caller.AgencyCode == _operator ? null : caller.AgencyCode;
        var collection = $"grants:{caller.AgencyCode}:{(request.ShowRevoked ? "all" : "active")}";
        var after = PageTokens.Parse(request.PageToken, collection, IdPattern().IsMatch);

        // One more than the page tells whether there is a next page.
        var grants = await store.ListAsync(agency, request.ShowRevoked, after, pageSize + 1, context.CancellationToken);
        var response = new ListGrantsResponse();
        response.Grants.AddRange(grants.Take(pageSize).Select(GrantMessages.ToMessage));
        if (grants.Count > pageSize)
        {
            response.NextPageToken = PageTokens.Create(collection, grants[pageSize - 1].Id);
        }

        return response;
    }

    public override async Task<RevokeGrantResponse> RevokeGrant(RevokeGrantRequest request, ServerCallContext context)
    {
        var caller = ExchangeContext.CallerOf(context);
        var grant = await FindVisibleAsync(request.Name, caller, context.CancellationToken);
        var reason = FreeText.Reason("reason", request.Reason, "the grant is revoked");

        if (!Manages(caller, grant.ProviderAgency))
        {
            throw NotManaged(caller, grant.ProviderAgency, "revoke grants of");
        }

        var revoked = await store.RevokeAsync(grant.Id, timeProvider.GetUtcNow(), reason, caller.ToString(), context.CancellationToken)
            ?? throw new ResourceNotFoundException("grant", request.Name);
        return new RevokeGrantResponse { Grant = GrantMessages.ToMessage(revoked) };
    }

    private bool Manages(CallerIdentity caller, string provider) => caller.AgencyCode == provider || caller.AgencyCode == _operator;

    private static AccessDeniedException NotManaged(CallerIdentity caller, string provider, string action) => new(
        AccessErrorReasons.GrantNotManaged,
        $"{caller.AgencyCode} may not {action} {provider}'s services: only {provider} or the hub's operator may.",
        ("provider", provider));

    /// <summary>A grant the caller neither provides, consumes nor manages is answered like a missing one.</summary>
    private async Task<Grant> FindVisibleAsync(string name, CallerIdentity caller, CancellationToken cancellationToken)
    {
        var id = ParseName("name", name);
        var grant = await store.FindAsync(id, cancellationToken);
        return grant is not null && (grant.ProviderAgency == caller.AgencyCode || grant.ConsumerAgency == caller.AgencyCode || caller.AgencyCode == _operator)
            ? grant
            : throw new ResourceNotFoundException("grant", name);
    }

    private static string ParseName(string field, string name) =>
        name.StartsWith(Grant.CollectionPrefix, StringComparison.Ordinal) && IdPattern().IsMatch(name.AsSpan(Grant.CollectionPrefix.Length))
            ? name[Grant.CollectionPrefix.Length..]
            : throw RequestValidationException.ForField(field, "must be grants/{grant_id}, the id 4-63 of a-z, 0-9 and '-', starting with a letter");

    private Grant Validate(CreateGrantRequest request, CallerIdentity caller)
    {
        var violations = new List<BadRequest.Types.FieldViolation>();
        void Violation(string field, string description) =>
            violations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });

        var id = request.GrantId.Length == 0 ? $"g{Guid.CreateVersion7():N}" : request.GrantId;
        if (!IdPattern().IsMatch(id))
        {
            Violation("grant_id", "must be 4-63 of a-z, 0-9 and '-', starting with a letter");
        }

        var input = request.Grant;
        if (input is null)
        {
            Violation("grant", "is required");
            throw new RequestValidationException(violations);
        }

        if (!directory.IsRegistered(input.ConsumerAgency))
        {
            Violation("grant.consumer_agency", $"'{input.ConsumerAgency}' is not an agency registered with the hub");
        }

        if (input.ConsumerSystem.Length > 0 && !SystemPattern().IsMatch(input.ConsumerSystem))
        {
            Violation("grant.consumer_system", "must be empty (every system) or 1-40 of a-z, 0-9 and '-'");
        }

        var method = input.Method.Length == 0 ? null : input.Method;
        var covered = methods.Covered(input.Service, method).ToList();
        if (covered.Count == 0)
        {
            if (methods.Covered(input.Service, null).Any())
            {
                Violation("grant.method", $"'{input.Method}' is not a method of {input.Service} that needs a grant");
            }
            else
            {
                Violation("grant.service", $"'{input.Service}' is not a service agencies provide through the hub (the hub's own services need no grant)");
            }
        }

        var provider = covered.FirstOrDefault()?.ProviderAgency;
        if (provider is not null && provider == input.ConsumerAgency)
        {
            Violation("grant.consumer_agency", $"{provider} provides {input.Service}: it needs no grant to call its own services");
        }

        for (var i = 0; i < input.Purposes.Count; i++)
        {
            if (!_purposes.Contains(input.Purposes[i]))
            {
                Violation($"grant.purposes[{i}]", $"'{input.Purposes[i]}' is not one of the hub's purpose codes: {string.Join(", ", _purposes)}");
            }
            else if (input.Purposes.IndexOf(input.Purposes[i]) < i)
            {
                Violation($"grant.purposes[{i}]", $"'{input.Purposes[i]}' is listed twice");
            }
        }

        var paths = input.FieldMask?.Paths.ToList() ?? [];
        var record = covered.Select(m => m.Record).FirstOrDefault(r => r is not null);
        if (paths.Count > 0 && covered.Count > 0)
        {
            if (record is null)
            {
                Violation("grant.field_mask", $"{input.Service} answers no record a field mask could apply to; leave it unset");
            }
            else if (RecordMask.InvalidPaths(record, paths) is { Count: > 0 } invalid)
            {
                Violation("grant.field_mask", $"{string.Join(", ", invalid)} {(invalid.Count == 1 ? "is not a field" : "are not fields")} of {record.FullName}");
            }
            else if (paths.CountBy(path => path).FirstOrDefault(counted => counted.Value > 1) is { Key: { } twice })
            {
                Violation("grant.field_mask", $"'{twice}' is listed twice");
            }
        }

        GrantRateLimit? rateLimit = null;
        if (input.RateLimit is { } limit)
        {
            var burst = limit.Burst == 0 ? limit.RequestsPerSecond : limit.Burst;
            if (limit.RequestsPerSecond is < 1 or > MaxRequestsPerSecond)
            {
                Violation("grant.rate_limit.requests_per_second", $"must be between 1 and {MaxRequestsPerSecond:N0}");
            }
            else if (burst < limit.RequestsPerSecond || burst > MaxBurst)
            {
                Violation("grant.rate_limit.burst", $"must be 0 (= requests_per_second) or between requests_per_second and {MaxBurst:N0}");
            }

            rateLimit = new GrantRateLimit(limit.RequestsPerSecond, burst);
        }

        if (violations.Count > 0)
        {
            throw new RequestValidationException(violations);
        }

        return new Grant(
            id,
            provider!,
            input.ConsumerAgency,
            input.ConsumerSystem.Length == 0 ? null : input.ConsumerSystem,
            input.Service,
            method,
            [.. input.Purposes],
            [.. paths.Distinct(StringComparer.Ordinal)],
            rateLimit,
            timeProvider.GetUtcNow(),
            caller.ToString());
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{3,62}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex SystemPattern();
}
