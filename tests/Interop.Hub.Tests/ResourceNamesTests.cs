using Interop.Hub.Errors;
using Interop.Hub.Validation;

namespace Interop.Hub.Tests;

public sealed class ResourceNamesTests
{
    [Theory]
    [InlineData("employers/16B0012345", "16B0012345")]
    [InlineData("employers/01F9999999", "01F9999999")]
    public void Employer_names_parse_to_registry_numbers(string name, string expected) =>
        Assert.Equal(expected, ResourceNames.ParseEmployer("name", name));

    [Fact]
    public void A_bad_name_is_echoed_back_truncated()
    {
        var error = Assert.Throws<RequestValidationException>(() => ResourceNames.ParseEmployer("parent", new string('x', 10_000)));

        var violation = Assert.Single(error.Violations);
        Assert.Equal("parent", violation.Field);
        Assert.True(violation.Description.Length < 300);
    }

    [Theory]
    [InlineData("employers/16B0012345/standing", "16B0012345")]
    public void Standing_names_parse(string name, string expected) => Assert.Equal(expected, ResourceNames.ParseStanding("name", name));

    [Theory]
    [InlineData("permits/WP-2025-0001234", "WP-2025-0001234")]
    public void Permit_names_parse(string name, string expected) => Assert.Equal(expected, ResourceNames.ParsePermit("name", name));
}
