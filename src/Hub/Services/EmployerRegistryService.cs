using Grpc.Core;
using Interop.Employers.V1;
using Interop.Hub.Access;
using Interop.Hub.Agencies;
using Interop.Hub.Errors;
using Interop.Hub.Exchange;
using Interop.Hub.Validation;
using Interop.Ports;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Services;

/// <summary>The Commercial Registry's employers, served through the hub.</summary>
public sealed class EmployerRegistryService(
    IEmployerRegistry registry, AgencyGateway gateway, ProvenanceStamp provenance, IOptions<LimitsOptions> limits)
    : EmployerRegistry.EmployerRegistryBase
{
    private readonly int _maxBatchSize = limits.Value.MaxBatchSize;

    public override async Task<GetEmployerResponse> GetEmployer(GetEmployerRequest request, ServerCallContext context)
    {
        var registryNumber = ResourceNames.ParseEmployer("name", request.Name);
        ExchangeContext.Of(context).Subjects.Add(registryNumber);
        var found = await gateway.CallAsync(context, AgencyCodes.CommercialRegistry, ct => registry.GetEmployerAsync(registryNumber, ct))
            ?? throw new ResourceNotFoundException("employer", request.Name);

        return new GetEmployerResponse
        {
            Employer = found.Record,
            Provenance = provenance.For(context, AgencyCodes.CommercialRegistry, found),
        };
    }

    public override async Task<BatchGetEmployersResponse> BatchGetEmployers(
        BatchGetEmployersRequest request, ServerCallContext context)
    {
        if (request.Names.Count == 0 || request.Names.Count > _maxBatchSize)
        {
            throw RequestValidationException.ForField(
                "names", $"must hold between 1 and {_maxBatchSize} employer names (had {request.Names.Count})");
        }

        // Malformed names are answered in their own result; only well-formed ones go to the registry.
        var wellFormed = new List<string>(request.Names.Count);
        foreach (var name in request.Names)
        {
            if (ResourceNames.TryParseEmployer(name, out var registryNumber))
            {
                wellFormed.Add(registryNumber);
            }
        }

        ExchangeContext.Of(context).Subjects.AddRange(wellFormed);

        var found = wellFormed.Count == 0
            ? []
            : await gateway.CallAsync(context, AgencyCodes.CommercialRegistry, ct => registry.GetEmployersAsync(wellFormed, ct));

        var response = new BatchGetEmployersResponse();
        var next = 0;
        for (var i = 0; i < request.Names.Count; i++)
        {
            var name = request.Names[i];
            var result = new EmployerResult { RequestedName = name };
            if (!ResourceNames.TryParseEmployer(name, out _))
            {
                result.Error = ErrorMapper.Map(
                    RequestValidationException.ForField($"names[{i}]", ResourceNames.DescribeEmployerProblem(name)));
            }
            else if (found[next++] is { } employer)
            {
                result.Employer = employer.Record;
                result.Provenance = provenance.For(context, AgencyCodes.CommercialRegistry, employer);
            }
            else
            {
                result.Error = ErrorMapper.Map(new ResourceNotFoundException("employer", name));
            }

            response.Results.Add(result);
        }

        return response;
    }
}
