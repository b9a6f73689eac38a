using Interop.Hub.Errors;
using Interop.Hub.Validation;

namespace Interop.Hub.Tests;

public sealed class PageTokensTests
{
    private static bool AnyKey(string key) => key.Length > 0;

    [Fact]
    public void A_token_round_trips_for_its_own_parent()
    {
        var token = PageTokens.Create("employers/16B0012345", "WP-2025-0000010");

        Assert.Equal("WP-2025-0000010", PageTokens.Parse(token, "employers/16B0012345", AnyKey));
    }

    [Fact]
    public void An_empty_token_is_the_first_page() => Assert.Null(PageTokens.Parse("", "employers/16B0012345", AnyKey));

    [Fact]
    public void A_token_with_an_invalid_key_is_refused()
    {
        var token = PageTokens.Create("employers/16B0012345", "DROP TABLE");

        var error = Assert.Throws<RequestValidationException>(() => PageTokens.Parse(token, "employers/16B0012345", k => k.StartsWith("WP-", StringComparison.Ordinal)));
        Assert.Equal("page_token", Assert.Single(error.Violations).Field);
    }

    [Theory]
    [InlineData(0, PageTokens.DefaultPageSize)]
    [InlineData(7, 7)]
    [InlineData(500, 500)]
    [InlineData(501, PageTokens.MaxPageSize)]
    public void Page_sizes_default_and_are_capped(int requested, int expected) => Assert.Equal(expected, PageTokens.PageSize(requested));
}
