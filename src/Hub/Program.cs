using Interop.Hub.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddInteropHub();

var app = builder.Build();
app.MapInteropHub();
app.Run();

/// <summary>The hub's entry point; public so tests can host it in-process.</summary>
public partial class Program;
