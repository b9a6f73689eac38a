using System.Collections.Frozen;
using Google.Protobuf.Reflection;
using Interop.Hub.Agencies;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Access;

/// <summary>
/// The methods that need a grant: every method of every agency's service, and the subject access report, which the
/// hub's operator agency provides. Every other method (the hub's own services, reflection, health) needs none.
/// </summary>
public sealed class GrantableMethods
{
    /// <summary>
    /// The subject access report (who consulted an employer's or a worker's data): named here, not taken from the
    /// descriptor, so access rights do not depend on when the exchange log's rpc is built.
    /// </summary>
    public const string SubjectAccessService = "interop.hub.v1.ExchangeLog";

    public const string SubjectAccessMethod = "ListSubjectAccesses";

    public const string SubjectAccessFullName = $"/{SubjectAccessService}/{SubjectAccessMethod}";

    private readonly FrozenDictionary<string, GrantableMethod> _byFullName;

    public GrantableMethods(IOptions<AccessOptions> options)
    {
        var methods = AgencyDirectory.ProvidedServices
            .SelectMany(provided => provided.Service.Methods.Select(Unary).Select(method => new GrantableMethod(
                AgencyDirectory.MethodName(provided.Service, method),
                provided.Service.FullName,
                method.Name,
                provided.AgencyCode,
                provided.Record,
                method.OutputType)))
            .Append(new GrantableMethod(
                SubjectAccessFullName, SubjectAccessService, SubjectAccessMethod, options.Value.OperatorAgency, null, null))
            .ToList();
        All = methods;
        _byFullName = methods.ToFrozenDictionary(m => m.FullName, StringComparer.Ordinal);
    }

    public IReadOnlyList<GrantableMethod> All { get; }

    /// <summary>
    /// The access check (and the identity and error mapping before it) handles unary calls: a streaming method of an
    /// agency would pass unchecked, so the hub refuses to start with one rather than serve it.
    /// </summary>
    private static MethodDescriptor Unary(MethodDescriptor method) => method.IsClientStreaming || method.IsServerStreaming
        ? throw new InvalidOperationException($"{method.FullName} streams: access rights cover unary methods only.")
        : method;

    /// <returns>The method when it needs a grant; false for the hub's own methods and unknown ones.</returns>
    public bool TryGet(string fullName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GrantableMethod? method) =>
        _byFullName.TryGetValue(fullName, out method);

    /// <summary>The methods a grant on <paramref name="service"/> (and <paramref name="method"/>, when set) covers.</summary>
    public IEnumerable<GrantableMethod> Covered(string service, string? method) =>
        All.Where(m => m.Service == service && (method is null || m.Method == method));
}

/// <summary>
/// A method that needs a grant: who provides it, and the record its answers carry (null when a field mask cannot apply).
/// </summary>
public sealed record GrantableMethod(
    string FullName, string Service, string Method, string ProviderAgency, MessageDescriptor? Record, MessageDescriptor? Output);
