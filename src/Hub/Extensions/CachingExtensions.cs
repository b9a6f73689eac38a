namespace Interop.Hub.Extensions;

public static class CachingExtensions
{
    /// <summary>The two-level cache in front of the agency ports (issue 3).</summary>
    public static WebApplicationBuilder AddHubCache(this WebApplicationBuilder builder) => builder;
}
