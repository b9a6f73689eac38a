using Interop.Hub.Identity;
using Interop.Hub.Options;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Extensions;

public static class HubStartupExtensions
{
    /// <summary>
    /// sysexits' EX_CONFIG: the hub will not start until its configuration changes, so a supervisor need not restart
    /// it (systemd: <c>RestartPreventExitStatus=78</c>).
    /// </summary>
    public const int ConfigurationErrorExitCode = 78;

    /// <summary>sysexits' EX_UNAVAILABLE: the address to listen on is taken; a supervisor may try again later.</summary>
    public const int AddressInUseExitCode = 69;

    /// <summary>
    /// The settings (<c>appsettings.json</c>) next to the hub's own files when the working directory has none, so that
    /// <c>dotnet /opt/interop/Interop.Hub.dll</c> run from anywhere reads them (by default the host looks in the
    /// working directory only).
    /// </summary>
    public static WebApplicationOptions HostOptions(string[] args) => new()
    {
        Args = args,
        ContentRootPath = File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json")) ? null : AppContext.BaseDirectory,
    };

    /// <summary>
    /// Maps the hub's endpoints and runs it once its settings are known to be usable: they are validated and the
    /// background services (which load keys and open nothing yet) built first. A setting the hub cannot start with is
    /// told on standard error in sentences that say what to set, with exit code <see cref="ConfigurationErrorExitCode"/>;
    /// an address already taken, with <see cref="AddressInUseExitCode"/>; instead of the host's stack traces and abort.
    /// </summary>
    public static int RunOrExplain(this WebApplication app, Action<WebApplication> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            // What the host builds first as it starts, and the caller identity Kestrel's TLS set-up uses: key files,
            // certificate authorities and revocation lists are read now.
            _ = app.Services.GetServices<IHostedService>().ToList();
            _ = app.Services.GetRequiredService<ICallerIdentityResolver>();
            map(app);
        }
        catch (Exception ex) when (RunsAsItsOwnProcess && ConfigurationProblems(ex) is { Count: > 0 } problems)
        {
            Console.Error.WriteLine("Interop Hub cannot start: its configuration must change first.");
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"  - {problem}");
            }

            return ConfigurationErrorExitCode;
        }

        try
        {
            app.Run();
            return 0;
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            // The host has logged it; what the operator needs is which address, not an abort and a core dump.
            Console.Error.WriteLine($"Interop Hub cannot start: {ex.Message} Another process listens there (another hub instance?); stop it or set Kestrel:Endpoints:Grpc:Url.");
            return AddressInUseExitCode;
        }
    }

    /// <summary>
    /// Started as <c>dotnet Interop.Hub.dll</c>, not hosted in another program (the tests' in-process server), which
    /// gets the exception itself.
    /// </summary>
    private static bool RunsAsItsOwnProcess => System.Reflection.Assembly.GetEntryAssembly() == typeof(HubStartupExtensions).Assembly;

    /// <summary>What each setting must hold, when every failure in <paramref name="exception"/> is a setting's; else none.</summary>
    private static List<string> ConfigurationProblems(Exception exception)
    {
        var failures = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception];
        var problems = new List<string>();
        foreach (var failure in failures)
        {
            switch (failure)
            {
                case OptionsValidationException validation:
                    problems.AddRange(validation.Failures);
                    break;
                case HubConfigurationException configuration:
                    problems.Add(configuration.Message);
                    break;
                default:
                    return [];
            }
        }

        return problems;
    }
}
