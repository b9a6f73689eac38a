using Grpc.Core;
using Interop.Employers.V1;

namespace Interop.Bench.Echo;

/// <summary>Answers every GetEmployer with one prebuilt response, whatever the request.</summary>
public sealed class EchoEmployerRegistry(GetEmployerResponse response) : EmployerRegistry.EmployerRegistryBase
{
    /// <summary>Configuration key of the response to serve: a serialized GetEmployerResponse, base64.</summary>
    public const string ResponseKey = "Echo:Response";

    public static GetEmployerResponse ResponseFrom(IConfiguration configuration)
    {
        var base64 = configuration[ResponseKey]
            ?? throw new InvalidOperationException($"{ResponseKey} must hold a serialized GetEmployerResponse (base64).");
        return GetEmployerResponse.Parser.ParseFrom(Convert.FromBase64String(base64));
    }

    public override Task<GetEmployerResponse> GetEmployer(GetEmployerRequest request, ServerCallContext context) =>
        Task.FromResult(response);
}
