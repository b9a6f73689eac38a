using Interop.Hub.Access;

namespace Interop.Hub.Tests.Access;

/// <summary>The sandbox's grants are held to the rules a grant made through AccessAdmin is held to.</summary>
public sealed class SandboxGrantsTests
{
    private static readonly GrantableMethods _methods = new(Microsoft.Extensions.Options.Options.Create(new AccessOptions()));

    public static TheoryData<string> GrantIds() => [.. SandboxGrants.All(DateTimeOffset.UtcNow, "HUB").Select(g => g.Id)];

    [Theory]
    [MemberData(nameof(GrantIds))]
    public void Each_sandbox_grant_names_a_grantable_service_its_provider_known_purposes_and_real_fields(string id)
    {
        var grant = SandboxGrants.All(DateTimeOffset.UtcNow, "HUB").Single(g => g.Id == id);

        var covered = _methods.Covered(grant.Service, grant.Method).ToList();

        Assert.NotEmpty(covered);
        Assert.All(covered, method => Assert.Equal(grant.ProviderAgency, method.ProviderAgency));
        Assert.NotEqual(grant.ProviderAgency, grant.ConsumerAgency);
        Assert.All(grant.Purposes, purpose => Assert.Contains(purpose, AccessOptions.DefaultPurposes));
        if (grant.FieldMask.Count > 0)
        {
            var record = covered.Select(m => m.Record).First(r => r is not null)!;
            Assert.Empty(RecordMask.InvalidPaths(record, grant.FieldMask));
        }
    }
}
