using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Interop.Pki;
using Spectre.Console;

namespace Interop.Cli;

/// <summary>
/// <c>interop pki</c>: the hub's certificate authority for operators (create it, issue agency system and hub server
/// certificates, revoke, list) and for agencies (make a key and CSR so that the key never leaves them). Local files
/// only; nothing here calls the hub.
/// </summary>
internal static class PkiCommands
{
    private const string DateFormat = "yyyy-MM-dd HH:mm'Z'";

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CliSession session)
    {
        var pki = new Command("pki", "The hub's certificate authority: agency system certificates for mutual TLS, revocation.");
        var ca = new Command("ca", "The certificate authority itself.");
        ca.Add(CreateAuthority());
        pki.Add(ca);
        pki.Add(CreateSigningRequest());
        pki.Add(CreateIssue());
        pki.Add(CreateServer());
        pki.Add(CreateRevoke());
        pki.Add(CreateList(session));
        return pki;
    }

    private static Command CreateAuthority()
    {
        var output = OutOption("Directory to create the authority in (ca.crt, ca.key, ca.crl, issued/)", required: true);
        var name = new Option<string>("--name") { Description = "The authority's name (CN)", DefaultValueFactory = _ => "Interop Hub CA" };
        var days = DaysOption(3650);
        var create = new Command("create", "Create the hub's certificate authority (ECDSA P-256) and its empty revocation list.") { output, name, days };
        create.SetAction(Run((result, stdout) =>
        {
            var now = DateTimeOffset.UtcNow;
            using var authority = CertificateAuthority.Create(result.GetRequiredValue(output), result.GetRequiredValue(name), now.AddMinutes(-5), now.AddDays(result.GetValue(days)));
            stdout.WriteLine($"Created {authority.Certificate.Subject}, valid until {Format(authority.Certificate.NotAfter)}.");
            stdout.WriteLine($"  hub trusts:      Identity:TrustedCaPath = {Path.GetFullPath(authority.CertificatePath)}");
            stdout.WriteLine($"  revocation list: Identity:RevocationListPath = {Path.GetFullPath(authority.RevocationListPath)}");
            stdout.WriteLine($"  keep {CertificateAuthority.KeyFileName} offline and private.");
        }));
        return create;
    }

    private static Command CreateSigningRequest()
    {
        var (agency, system) = (AgencyOption(required: true), SystemOption(required: true));
        var output = OutOption("Directory for <AGENCY>-<system>.key and .csr", required: true);
        var csr = new Command("csr", "On the agency's side: a new key pair and the CSR to send to the hub's operator (the key stays here).")
        {
            agency, system, output,
        };
        csr.SetAction(Run((result, stdout) =>
        {
            var (agencyCode, systemName) = (result.GetRequiredValue(agency), result.GetRequiredValue(system));
            var request = CertificateAuthority.CreateSigningRequest(agencyCode, systemName);
            var directory = result.GetRequiredValue(output);
            Directory.CreateDirectory(directory);
            var baseName = Path.Combine(directory, $"{agencyCode}-{systemName}");
            PemFiles.WritePrivateKey(baseName + ".key", request.PrivateKeyPem);
            PemFiles.Replace(baseName + ".csr", request.RequestPem + "\n", secret: false);
            stdout.WriteLine($"Key {baseName}.key (keep it private) and request {baseName}.csr for {agencyCode}/{systemName}.");
        }));
        return csr;
    }

    private static Command CreateIssue()
    {
        var ca = CaOption();
        var (agency, system) = (AgencyOption(required: false), SystemOption(required: false));
        var csr = new Option<string>("--csr") { Description = "The agency's PKCS#10 request (PEM); its key stays with the agency", HelpName = "file" };
        var output = OutOption("Directory for <AGENCY>-<system>.crt (and .key without --csr); without --csr required", required: false);
        var days = DaysOption(365);
        var issue = new Command("issue", "Issue an agency system's client certificate: subject O = agency code, CN = system name.")
        {
            ca, agency, system, csr, output, days,
        };
        issue.SetAction(Run((result, stdout) =>
        {
            using var authority = CertificateAuthority.Open(result.GetRequiredValue(ca));
            var (agencyCode, systemName, csrPath, directory) = (result.GetValue(agency), result.GetValue(system), result.GetValue(csr), result.GetValue(output));
            var (notBefore, notAfter) = Validity(result.GetValue(days));
            if (csrPath is not null)
            {
                using var certificate = authority.IssueAgencySystem(File.ReadAllText(csrPath), agencyCode, systemName, notBefore, notAfter);
                AgencySubject.TryRead(certificate.SubjectName, out agencyCode, out systemName);
                var path = Path.Combine(directory ?? Path.GetDirectoryName(Path.GetFullPath(csrPath))!, $"{agencyCode}-{systemName}.crt");
                PemFiles.WriteCertificate(path, certificate);
                stdout.WriteLine($"Issued {agencyCode}/{systemName} serial {SerialNumbers.ToHex(certificate.SerialNumberBytes.Span)} until {Format(certificate.NotAfter)}: {path}");
                return;
            }

            if (agencyCode is null || systemName is null || directory is null)
            {
                throw new UsageException("Without --csr, give --agency, --system and --out (the key is generated here).");
            }

            using var issued = authority.IssueAgencySystem(agencyCode, systemName, notBefore, notAfter);
            var (certificatePath, keyPath) = issued.WriteTo(directory, $"{agencyCode}-{systemName}");
            stdout.WriteLine($"Issued {agencyCode}/{systemName} serial {issued.Serial} until {Format(issued.Certificate.NotAfter)}: {certificatePath}, key {keyPath}");
        }));
        return issue;
    }

    private static Command CreateServer()
    {
        var ca = CaOption();
        var dns = new Option<string[]>("--dns") { Description = "A DNS name agencies reach the hub by (repeatable)", AllowMultipleArgumentsPerToken = true };
        var ip = new Option<string[]>("--ip") { Description = "An IP address agencies reach the hub by (repeatable)", AllowMultipleArgumentsPerToken = true };
        var output = OutOption("Directory for hub.crt and hub.key", required: true);
        var days = DaysOption(365);
        var server = new Command("server", "Issue the hub's own TLS server certificate (Kestrel:Endpoints:<name>:Certificate).") { ca, dns, ip, output, days };
        server.SetAction(Run((result, stdout) =>
        {
            var addresses = (result.GetValue(ip) ?? []).Select(a => IPAddress.TryParse(a, out var address)
                ? address
                : throw new UsageException($"'{a}' is not an IP address.")).ToList();
            using var authority = CertificateAuthority.Open(result.GetRequiredValue(ca));
            var (notBefore, notAfter) = Validity(result.GetValue(days));
            using var issued = authority.IssueServer(result.GetValue(dns) ?? [], addresses, notBefore, notAfter);
            var (certificatePath, keyPath) = issued.WriteTo(result.GetRequiredValue(output), "hub");
            stdout.WriteLine($"Issued the hub's server certificate serial {issued.Serial} until {Format(issued.Certificate.NotAfter)}: {certificatePath}, key {keyPath}");
        }));
        return server;
    }

    private static Command CreateRevoke()
    {
        var ca = CaOption();
        var serial = new Option<string>("--serial") { Description = "The certificate's serial number in hex (as 'pki list' shows it)", Required = true };
        var revoke = new Command("revoke", "Revoke a certificate: re-signs ca.crl, which the hub re-reads within a second.") { ca, serial };
        revoke.SetAction(Run((result, stdout) =>
        {
            using var authority = CertificateAuthority.Open(result.GetRequiredValue(ca));
            var normalized = SerialNumbers.Normalize(result.GetRequiredValue(serial));
            stdout.WriteLine(authority.Revoke(normalized, DateTimeOffset.UtcNow)
                ? $"Revoked {normalized}; {Path.GetFullPath(authority.RevocationListPath)} updated."
                : $"{normalized} was already revoked.");
        }));
        return revoke;
    }

    private static Command CreateList(CliSession session)
    {
        var ca = CaOption();
        var list = new Command("list", "Every certificate the authority issued, with its status.") { ca };
        list.SetAction(Run((result, stdout) =>
        {
            using var authority = CertificateAuthority.Open(result.GetRequiredValue(ca));
            var entries = authority.List(DateTimeOffset.UtcNow);
            if (result.GetValue(session.Globals.Json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(entries.Select(e => new
                {
                    e.Serial, e.Agency, e.System, e.Subject, e.NotBefore, e.NotAfter, Status = e.Status.ToString(), e.RevokedAt,
                }), _json));
                return;
            }

            var table = Human.List($"Issued by {authority.Certificate.Subject}", "Serial", "Agency", "System", "Valid from", "Valid until", "Status");
            foreach (var entry in entries)
            {
                var status = entry.RevokedAt is { } revokedAt ? $"Revoked {revokedAt.ToString(DateFormat, CultureInfo.InvariantCulture)}" : entry.Status.ToString();
                table.AddRow(Human.Cells(entry.Serial, Human.OrNone(entry.Agency), entry.System,
                    entry.NotBefore.ToString(DateFormat, CultureInfo.InvariantCulture), entry.NotAfter.ToString(DateFormat, CultureInfo.InvariantCulture), status));
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(stdout),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            console.Profile.Width = 200;
            console.Write(table);
        }));
        return list;
    }

    /// <summary>Runs a local command: the operator's mistakes exit with a usage error, unreadable files with a failure.</summary>
    private static Func<ParseResult, int> Run(Action<ParseResult, TextWriter> body) => result =>
    {
        var stderr = result.InvocationConfiguration.Error;
        try
        {
            body(result, result.InvocationConfiguration.Output);
            return ExitCodes.Success;
        }
        catch (Exception exception) when (exception is UsageException or ArgumentException or FormatException)
        {
            stderr.WriteLine($"error: {FirstSentence(exception)}");
            return ExitCodes.Usage;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            stderr.WriteLine($"error: {exception.Message}");
            return ExitCodes.Failure;
        }
    };

    /// <summary>ArgumentException appends " (Parameter 'x')", which means nothing to an operator.</summary>
    private static string FirstSentence(Exception exception) =>
        exception is ArgumentException { ParamName: { } name } ? exception.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : exception.Message;

    private static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) Validity(int days)
    {
        // A few minutes back so that a clock slightly behind on the agency's or the hub's side does not refuse it.
        var now = DateTimeOffset.UtcNow;
        return (now.AddMinutes(-5), now.AddDays(days));
    }

    private static string Format(DateTime time) => time.ToUniversalTime().ToString(DateFormat, CultureInfo.InvariantCulture);

    private static Option<string> CaOption() => new("--ca") { Description = "The authority's directory (from 'pki ca create')", HelpName = "dir", Required = true };

    private static Option<string> OutOption(string description, bool required) => new("--out") { Description = description, HelpName = "dir", Required = required };

    private static Option<string> AgencyOption(bool required) => new("--agency") { Description = "Agency code, e.g. MOL (the subject's O)", Required = required };

    private static Option<string> SystemOption(bool required) => new("--system") { Description = "System name, e.g. permits-backoffice (the subject's CN)", Required = required };

    private static Option<int> DaysOption(int days)
    {
        var option = new Option<int>("--days") { Description = $"Days of validity [default: {days}]", DefaultValueFactory = _ => days };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() <= 0)
            {
                r.AddError("--days must be a positive number.");
            }
        });
        return option;
    }
}
