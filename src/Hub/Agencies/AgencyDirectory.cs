using System.Collections.Frozen;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Hub.V1;
using Interop.Permits.V1;
using Interop.Ports;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Agencies;

/// <summary>The registered agencies and the services each provides through the hub.</summary>
public sealed class AgencyDirectory
{
    /// <summary>Which agency provides which service is fixed by the hub's adapters, not by configuration.</summary>
    private static readonly FrozenDictionary<string, ServiceDescriptor[]> _providedServices =
        new Dictionary<string, ServiceDescriptor[]>
        {
            [AgencyCodes.CommercialRegistry] = [EmployerRegistry.Descriptor],
            [AgencyCodes.SocialSecurityFund] = [ContributionStanding.Descriptor, ClearanceCertificates.Descriptor],
            [AgencyCodes.MinistryOfLabour] = [WorkPermits.Descriptor],
        }.ToFrozenDictionary();

    private readonly FrozenDictionary<string, AgencyEntry> _agencies;

    public AgencyDirectory(IOptions<DirectoryOptions> options)
    {
        _agencies = options.Value.Agencies.ToFrozenDictionary(a => a.Code, StringComparer.Ordinal);
        Agencies = [.. options.Value.Agencies.Select(ToAgency)];
    }

    public IReadOnlyList<Agency> Agencies { get; }

    public bool IsRegistered(string agencyCode) => _agencies.ContainsKey(agencyCode);

    /// <summary>Every method of every service a registered agency provides (access rights come later).</summary>
    public IEnumerable<string> AllMethods() =>
        _agencies.Keys.Order(StringComparer.Ordinal)
            .SelectMany(code => _providedServices.GetValueOrDefault(code, []))
            .Append(Hub.V1.Directory.Descriptor)
            .Append(Hub.V1.ExchangeLog.Descriptor)
            .SelectMany(service => service.Methods.Select(method => $"/{service.FullName}/{method.Name}"));

    private static Agency ToAgency(AgencyEntry entry)
    {
        var agency = new Agency { Name = $"agencies/{entry.Code}", Code = entry.Code, DisplayName = entry.DisplayName };
        if (_providedServices.TryGetValue(entry.Code, out var services))
        {
            agency.ProvidedServices.AddRange(services.Select(s => s.FullName));
        }

        return agency;
    }
}
