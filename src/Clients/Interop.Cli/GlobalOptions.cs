using System.CommandLine;
using Interop.Client;

namespace Interop.Cli;

/// <summary>Options every command accepts, wherever they appear on the command line.</summary>
internal sealed class GlobalOptions
{
    public const string AddressVariable = "INTEROP_ADDRESS";
    public const string CallerVariable = "INTEROP_CALLER";
    public const string PurposeVariable = "INTEROP_PURPOSE";
    public const string CaseVariable = "INTEROP_CASE";
    public const string OfficialVariable = "INTEROP_OFFICIAL";

    public Option<string> Address { get; } = new("--address")
    {
        Description = $"The hub's address [env: {AddressVariable}; default: {InteropClientOptions.DefaultAddress.GetLeftPart(UriPartial.Authority)}]",
        Recursive = true,
    };

    public Option<string> Caller { get; } = new("--caller")
    {
        Description = $"Who is calling, AGENCY/system, e.g. MOL/permits-backoffice [env: {CallerVariable}]",
        Recursive = true,
    };

    public Option<string> Purpose { get; } = new("--purpose")
    {
        Description = $"Why you ask, a purpose code your grants allow, e.g. WORK_PERMIT_APPLICATION [env: {PurposeVariable}]",
        Recursive = true,
    };

    public Option<string> Case { get; } = new("--case")
    {
        Description = $"The file or application number that justifies the call, e.g. WP-2026-000123 [env: {CaseVariable}]",
        Recursive = true,
    };

    public Option<string> Official { get; } = new("--official")
    {
        Description = $"The acting official's id, optional [env: {OfficialVariable}]",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the hub's answer as protobuf JSON (errors as google.rpc.Status JSON on stderr)",
        Recursive = true,
    };

    public Option<int?> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for the hub, retries included [default: 10]",
        HelpName = "seconds",
        Recursive = true,
    };

    public Option<string> Certificate { get; } = CliCertificates.CertificateOption();

    public Option<string> Key { get; } = CliCertificates.KeyOption();

    public Option<string> HubAuthority { get; } = CliCertificates.HubAuthorityOption();

    public GlobalOptions()
    {
        Timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0)
            {
                result.AddError("--timeout must be a positive number of seconds.");
            }
        });
    }

    public IEnumerable<Option> All => [Address, Caller, Purpose, Case, Official, Certificate, Key, HubAuthority, Json, Timeout];
}
