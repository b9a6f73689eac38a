using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Permits.V1;
using Interop.Ports;

namespace Interop.Hub.Caching;

/// <summary>One kind of cached answer: whose, under which name in the keys, how it is held and for how long.</summary>
/// <param name="Kind">The kind of record whose change evicts these entries (see <see cref="CacheSpaces.KindName"/>).</param>
internal sealed class CacheSpace<TValue>(string agency, ChangeKind kind, CacheCodec<TValue> codec, TimeSpan ttl, TimeSpan negativeTtl)
{
    public string Agency { get; } = agency;

    public ChangeKind Kind { get; } = kind;

    public string Name { get; } = CacheSpaces.KindName(kind);

    public CacheCodec<TValue> Codec { get; } = codec;

    public TimeSpan TimeToLive(TValue value) => Codec.IsNegative(value) ? negativeTtl : ttl;
}

/// <summary>Every kind of answer the hub caches.</summary>
internal sealed class CacheSpaces(CacheOptions options)
{
    public CacheSpace<Sourced<Employer>?> Employers { get; } = new(
        AgencyCodes.CommercialRegistry, ChangeKind.Employer, new SourcedCodec<Employer>(), options.Ttl.Employers, options.NegativeTtl);

    /// <summary>Per registry number, one entry per as-of date: a change of the account evicts them all.</summary>
    public CacheSpace<Sourced<Standing>?> Standings { get; } = new(
        AgencyCodes.SocialSecurityFund, ChangeKind.Standing, new SourcedCodec<Standing>(), options.Ttl.Standing, options.NegativeTtl);

    public CacheSpace<Sourced<Permit>?> Permits { get; } = new(
        AgencyCodes.MinistryOfLabour, ChangeKind.Permit, new SourcedCodec<Permit>(), options.Ttl.Permits, options.NegativeTtl);

    public CacheSpace<IReadOnlyList<Sourced<Permit>>> WorkerPermits { get; } = new(
        AgencyCodes.MinistryOfLabour, ChangeKind.WorkerPermits, new SourcedListCodec<Permit>(), options.Ttl.Permits, options.NegativeTtl);

    /// <summary>Per registry number, one entry per page: a change of any permit of the employer evicts them all.</summary>
    public CacheSpace<PermitPage> EmployerPermits { get; } = new(
        AgencyCodes.MinistryOfLabour, ChangeKind.EmployerPermits, new PermitPageCodec(), options.Ttl.Permits, options.NegativeTtl);

    public static string KindName(ChangeKind kind) => kind switch
    {
        ChangeKind.Employer => "employer",
        ChangeKind.Standing => "standing",
        ChangeKind.Permit => "permit",
        ChangeKind.WorkerPermits => "worker-permits",
        ChangeKind.EmployerPermits => "employer-permits",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of cached record."),
    };
}
