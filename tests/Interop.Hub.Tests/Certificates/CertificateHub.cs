using Grpc.Core;
using Interop.Contributions.V1;
using Interop.Hub.Sandbox;
using Interop.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Interop.Hub.Tests.Certificates;

/// <summary>A sandbox hub whose clock the test moves, with ways to find employers of each kind and to ask for certificates.</summary>
public sealed class CertificateHub : IAsyncDisposable
{
    public const string Fund = "SSF/clearance-desk";
    public const string Employer = "SSF/employer-portal";
    public const string Ministry = "MOL/permits-backoffice";

    public CertificateHub(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? overrides = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Sandbox:Employers"] = "400",
            ["Sandbox:InsuredWorkers"] = "4000",
            ["Sandbox:Permits"] = "100",
            ["Certificates:PublicBaseUrl"] = "http://localhost:5081",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        Host = new HubHost(all, services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            overrides?.Invoke(services);
        });
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public HubHost Host { get; }

    public ClearanceCertificates.ClearanceCertificatesClient Client(string caller = Employer) => new(Host.Invoker(caller));

    /// <summary>The first sandbox employer matching; the test fails when the sandbox has none.</summary>
    public EmployerProfile EmployerWhere(Func<EmployerProfile, bool> predicate) =>
        Host.Services.GetRequiredService<SandboxWorld>().Population.Employers().FirstOrDefault(predicate)
        ?? throw new InvalidOperationException("The sandbox has no such employer; make it larger.");

    /// <summary>Active, paying on time and established long enough to have a full contribution history.</summary>
    public EmployerProfile GoodEmployer(int skip = 0)
    {
        var world = Host.Services.GetRequiredService<SandboxWorld>();
        var established = world.Population.Options.ReferenceDate.AddYears(-3);
        return world.Population.Employers()
            .Where(e => e is { Lifecycle: EmployerLifecycle.Active, Contributions: ContributionBehaviour.Good } && e.RegistrationDate < established)
            .Skip(skip)
            .First();
    }

    public static RequestCertificateRequest RequestFor(EmployerProfile employer, string purpose = "PUBLIC_PROCUREMENT", string? requestId = null) => new()
    {
        Employer = $"employers/{employer.RegistryNumber}",
        Purpose = purpose,
        RequestedBy = "Amina Haddad (gérante)",
        RequestId = requestId ?? Guid.NewGuid().ToString(),
    };

    public async Task<Certificate> IssueAsync(EmployerProfile employer, string purpose = "PUBLIC_PROCUREMENT") =>
        (await Client().RequestCertificateAsync(RequestFor(employer, purpose))).Certificate;

    public async Task<VerificationVerdict> VerdictByCodeAsync(string code, string caller = Ministry) =>
        (await Client(caller).VerifyCertificateAsync(new VerifyCertificateRequest { VerificationCode = code })).Verdict;

    public async Task<VerifyCertificateResponse> VerifyTokenAsync(string token, string caller = Ministry) =>
        await Client(caller).VerifyCertificateAsync(new VerifyCertificateRequest { Token = token });

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
