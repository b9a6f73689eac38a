namespace Interop.Cli.Tests;

public sealed class ResourceNamesTests
{
    [Theory]
    [InlineData("16B0012345", "employers/16B0012345")]
    [InlineData("employers/16B0012345", "employers/16B0012345")]
    [InlineData(" 16B0012345 ", "employers/16B0012345")]
    public void Employer_accepts_bare_ids_and_names(string input, string expected) =>
        Assert.Equal(expected, ResourceNames.Employer(input));

    [Theory]
    [InlineData("16B0012345", "employers/16B0012345/standing")]
    [InlineData("employers/16B0012345", "employers/16B0012345/standing")]
    [InlineData("employers/16B0012345/standing", "employers/16B0012345/standing")]
    public void Standing_accepts_employer_ids_and_names(string input, string expected) =>
        Assert.Equal(expected, ResourceNames.Standing(input));

    [Theory]
    [InlineData("WP-2025-0001234", "permits/WP-2025-0001234")]
    [InlineData("permits/WP-2025-0001234", "permits/WP-2025-0001234")]
    public void Permit_accepts_bare_numbers_and_names(string input, string expected) =>
        Assert.Equal(expected, ResourceNames.Permit(input));

    [Fact]
    public void Malformed_ids_pass_through_for_the_hub_to_judge() =>
        Assert.Equal("employers/not-an-id", ResourceNames.Employer("not-an-id"));
}
