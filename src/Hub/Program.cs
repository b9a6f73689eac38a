using Interop.Hub.Extensions;

var builder = WebApplication.CreateBuilder(HubStartupExtensions.HostOptions(args));
builder.AddInteropHub();

var app = builder.Build();
return app.RunOrExplain(static app => app.MapInteropHub());

/// <summary>The hub's entry point; public so tests can host it in-process.</summary>
public partial class Program;
