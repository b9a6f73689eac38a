using System.Collections.Frozen;
using Google.Protobuf.Reflection;
using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Permits.V1;
using Interop.Ports;
using Microsoft.Extensions.Options;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Interop.Hub.Agencies;

/// <summary>The registered agencies and the services each provides through the hub.</summary>
public sealed class AgencyDirectory
{
    /// <summary>
    /// Which agency provides which service is fixed by the hub's adapters, not by configuration. The record is the
    /// message a grant's field mask applies to.
    /// </summary>
    public static readonly IReadOnlyList<ProvidedService> ProvidedServices =
    [
        new(AgencyCodes.CommercialRegistry, EmployerRegistry.Descriptor, Employer.Descriptor),
        new(AgencyCodes.SocialSecurityFund, ContributionStanding.Descriptor, Standing.Descriptor),
        new(AgencyCodes.SocialSecurityFund, ClearanceCertificates.Descriptor, Certificate.Descriptor),
        new(AgencyCodes.MinistryOfLabour, WorkPermits.Descriptor, Permit.Descriptor),
    ];

    /// <summary>The hub's own services: any identified agency may call them; each applies its own rules inside.</summary>
    public static readonly IReadOnlyList<ServiceDescriptor> HubServices =
    [
        Hub.V1.Directory.Descriptor,
        Hub.V1.ExchangeLog.Descriptor,
        Hub.V1.AccessAdmin.Descriptor,
        Hub.V1.CacheAdmin.Descriptor,
    ];

    private readonly FrozenDictionary<string, AgencyEntry> _agencies;

    public AgencyDirectory(IOptions<DirectoryOptions> options)
    {
        _agencies = options.Value.Agencies.ToFrozenDictionary(a => a.Code, StringComparer.Ordinal);
        Agencies = [.. options.Value.Agencies.Select(ToAgency)];
    }

    public IReadOnlyList<Hub.V1.Agency> Agencies { get; }

    public bool IsRegistered(string agencyCode) => _agencies.ContainsKey(agencyCode);

    public static string MethodName(ServiceDescriptor service, MethodDescriptor method) => $"/{service.FullName}/{method.Name}";

    private static Hub.V1.Agency ToAgency(AgencyEntry entry)
    {
        var agency = new Hub.V1.Agency { Name = $"agencies/{entry.Code}", Code = entry.Code, DisplayName = entry.DisplayName };
        agency.ProvidedServices.AddRange(ProvidedServices.Where(s => s.AgencyCode == entry.Code).Select(s => s.Service.FullName));
        return agency;
    }
}

/// <summary>A service an agency provides through the hub, and the record message its answers carry.</summary>
public sealed record ProvidedService(string AgencyCode, ServiceDescriptor Service, MessageDescriptor Record);
