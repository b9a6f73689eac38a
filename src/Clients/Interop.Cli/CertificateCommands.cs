using System.CommandLine;
using Interop.Certificates;
using Interop.Contributions.V1;
using Spectre.Console;
using CertificatesClient = Interop.Contributions.V1.ClearanceCertificates.ClearanceCertificatesClient;

namespace Interop.Cli;

/// <summary><c>interop certificates request|get|list|revoke|verify|keys</c>: the fund's clearance certificates.</summary>
internal static class CertificateCommands
{
    private const string CertificatesPrefix = "certificates/";

    public static Command Create(CliSession session)
    {
        var certificates = new Command("certificates", "Clearance certificates of the Social Security Fund (agency SSF): request, verify, revoke.");
        certificates.Add(CreateRequest(session));
        certificates.Add(CreateGet(session));
        certificates.Add(CreateList(session));
        certificates.Add(CreateRevoke(session));
        certificates.Add(CreateVerify(session));
        certificates.Add(CreateKeys(session));
        return certificates;
    }

    private static Command CreateRequest(CliSession session)
    {
        var employer = EmployerArgument();
        // Not --purpose: that is the purpose of use every call declares (x-interop-purpose).
        var purpose = new Option<string>("--for")
        {
            Description = "What the certificate is for, e.g. PUBLIC_PROCUREMENT, WORK_PERMIT_APPLICATION, COMPANY_CLOSURE",
            HelpName = "PURPOSE",
            Required = true,
        };
        var requestedBy = new Option<string>("--requested-by") { Description = "Who asks, e.g. the employer's representative", Required = true };
        var requestId = new Option<Guid?>("--request-id")
        {
            Description = "A UUID naming this request; repeat it to retry without a second certificate [default: a new one, printed]",
        };
        var request = new Command("request", "Ask for a certificate: issued from the live standing, or refused with every unmet condition.")
        {
            employer, purpose, requestedBy, requestId,
        };
        request.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var id = context.ParseResult.GetValue(requestId) ?? Guid.NewGuid();
            if (!context.Json)
            {
                context.Console.Write(new Text($"request id {id} (repeat it with --request-id to retry){Environment.NewLine}", new Style(Color.Grey)));
            }

            var (response, exchangeId) = await CommandContext.AnswerAsync(Client(context).RequestCertificateAsync(
                new RequestCertificateRequest
                {
                    Employer = ResourceNames.Employer(context.ParseResult.GetRequiredValue(employer)),
                    Purpose = context.ParseResult.GetRequiredValue(purpose).Trim(),
                    RequestedBy = context.ParseResult.GetRequiredValue(requestedBy),
                    RequestId = id.ToString(),
                },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return Show(context, response, response.Certificate, exchangeId);
        }));
        return request;
    }

    private static Command CreateGet(CliSession session)
    {
        var name = CertificateArgument();
        var get = new Command("get", "Get one certificate, with its signed token.") { name };
        get.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var (response, exchangeId) = await CommandContext.AnswerAsync(Client(context).GetCertificateAsync(
                new GetCertificateRequest { Name = Certificate(context.ParseResult.GetRequiredValue(name)) },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return Show(context, response, response.Certificate, exchangeId);
        }));
        return get;
    }

    private static Command CreateList(CliSession session)
    {
        var employer = EmployerArgument();
        var pageSize = new Option<int?>("--page-size") { Description = "At most this many [default: 50, at most 500]" };
        var pageToken = new Option<string>("--page-token") { Description = "The token printed under the previous page" };
        var list = new Command("list", "List an employer's certificates, newest first.") { employer, pageSize, pageToken };
        list.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var (response, exchangeId) = await CommandContext.AnswerAsync(Client(context).ListCertificatesAsync(
                new ListCertificatesRequest
                {
                    Parent = ResourceNames.Employer(context.ParseResult.GetRequiredValue(employer)),
                    PageSize = context.ParseResult.GetValue(pageSize) ?? 0,
                    PageToken = context.ParseResult.GetValue(pageToken) ?? "",
                },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(response);
                return ExitCodes.Success;
            }

            var table = Human.List(null, "Certificate", "Code", "Purpose", "Issued", "Valid until", "State");
            foreach (var certificate in response.Certificates)
            {
                table.AddRow(Human.Cells(
                    certificate.Name, certificate.VerificationCode, certificate.Purpose,
                    Human.Timestamp(certificate.IssueTime), Human.Timestamp(certificate.ExpireTime), Human.Enum(certificate.State)));
            }

            context.Console.Write(table);
            if (response.NextPageToken.Length > 0)
            {
                context.Console.Write(new Text($"More certificates: --page-token {response.NextPageToken}{Environment.NewLine}"));
            }

            context.WriteProvenance(null, exchangeId);
            return ExitCodes.Success;
        }));
        return list;
    }

    private static Command CreateRevoke(CliSession session)
    {
        var name = CertificateArgument();
        var reason = new Option<string>("--reason") { Description = "Why, e.g. \"issued in error\"", Required = true };
        var revoke = new Command("revoke", "Revoke a certificate (the fund only).") { name, reason };
        revoke.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var (response, exchangeId) = await CommandContext.AnswerAsync(Client(context).RevokeCertificateAsync(
                new RevokeCertificateRequest
                {
                    Name = Certificate(context.ParseResult.GetRequiredValue(name)),
                    Reason = context.ParseResult.GetRequiredValue(reason),
                },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return Show(context, response, response.Certificate, exchangeId);
        }));
        return revoke;
    }

    private static Command CreateVerify(CliSession session)
    {
        var credential = new Argument<string>("code-or-token")
        {
            Description = "The verification code as printed, or with --token/--offline the signed token (@file reads it from a file)",
        };
        var token = new Option<bool>("--token") { Description = "The argument is the signed token (e.g. read from the QR code)" };
        var offline = new Option<bool>("--offline") { Description = "Check the token's signature here with --keys, without calling the hub" };
        var keys = new Option<FileInfo>("--keys") { Description = "The issuer's JWKS, saved with 'interop certificates keys --out'", HelpName = "jwks-file" };
        var verify = new Command("verify", "Verify a certificate: VALID, EXPIRED, REVOKED, UNKNOWN or TAMPERED (exit code 0 only for VALID).")
        {
            credential, token, offline, keys,
        };
        verify.Validators.Add(result =>
        {
            if (result.GetValue(offline) != (result.GetResult(keys) is not null))
            {
                result.AddError("--offline and --keys go together: offline verification needs the issuer's keys.");
            }
        });
        verify.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var text = context.ParseResult.GetRequiredValue(credential);
            VerifyCertificateResponse response;
            string? exchangeId = null;
            if (context.ParseResult.GetValue(offline))
            {
                response = await VerifyOfflineAsync(ReadArgument(text), context.ParseResult.GetRequiredValue(keys)).ConfigureAwait(false);
            }
            else
            {
                var request = context.ParseResult.GetValue(token) ? new VerifyCertificateRequest { Token = ReadArgument(text) } : new VerifyCertificateRequest { VerificationCode = text };
                (response, exchangeId) = await CommandContext.AnswerAsync(
                    Client(context).VerifyCertificateAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            if (context.Json)
            {
                context.WriteJson(response);
            }
            else
            {
                context.Console.Write(new Text($"{response.Verdict.ToString().ToUpperInvariant()}{Environment.NewLine}", new Style(decoration: Decoration.Bold)));
                if (response.Certificate is not null)
                {
                    context.Console.Write(CertificateTable(response.Certificate));
                }

                if (context.ParseResult.GetValue(offline))
                {
                    context.Console.Write(new Text(
                        $"checked offline: signature and dates only; a revocation is known to the hub alone{Environment.NewLine}", new Style(Color.Grey)));
                }

                context.WriteProvenance(null, exchangeId);
            }

            return response.Verdict == VerificationVerdict.Valid ? ExitCodes.Success : ExitCodes.VerificationFailed;
        }));
        return verify;
    }

    private static Command CreateKeys(CliSession session)
    {
        var output = new Option<FileInfo>("--out") { Description = "Save the JWKS to this file, for 'verify --offline --keys'", HelpName = "file" };
        var keys = new Command("keys", "The issuer's public keys (active and retired), from the hub's Directory.") { output };
        keys.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var (response, exchangeId) = await CommandContext.AnswerAsync(
                context.Hub.Directory.ListIssuerKeysAsync(new Hub.V1.ListIssuerKeysRequest(), cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (context.ParseResult.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, response.Jwks, cancellationToken).ConfigureAwait(false);
            }

            if (context.Json)
            {
                context.WriteJson(response);
                return ExitCodes.Success;
            }

            var table = Human.List(null, "Key id", "Issuer", "Algorithm", "State");
            foreach (var key in response.Keys)
            {
                table.AddRow(Human.Cells(key.KeyId, key.IssuerAgency, key.Algorithm, Human.Enum(key.State)));
            }

            context.Console.Write(table);
            context.WriteProvenance(null, exchangeId);
            return ExitCodes.Success;
        }));
        return keys;
    }

    /// <summary>No call at all: the token's signature against the saved keys, its dates against this machine's clock.</summary>
    private static async Task<VerifyCertificateResponse> VerifyOfflineAsync(string token, FileInfo keysFile)
    {
        IList<Microsoft.IdentityModel.Tokens.SecurityKey> keys;
        try
        {
            keys = IssuerJwks.Parse(await File.ReadAllTextAsync(keysFile.FullName).ConfigureAwait(false));
        }
        catch (ArgumentException exception)
        {
            throw new UsageException($"--keys {keysFile.Name}: {exception.Message}");
        }

        var verification = await CertificateTokens.VerifyAsync(token, CertificateTokens.FundIssuer, keys, DateTimeOffset.UtcNow)
            .ConfigureAwait(false);
        return new VerifyCertificateResponse { Verdict = verification.Verdict, Certificate = verification.Certificate };
    }

    private static int Show(CommandContext context, Google.Protobuf.IMessage response, Certificate certificate, string? exchangeId)
    {
        if (context.Json)
        {
            context.WriteJson(response);
        }
        else
        {
            context.Console.Write(CertificateTable(certificate));
            context.WriteProvenance(null, exchangeId);
        }

        return ExitCodes.Success;
    }

    private static Table CertificateTable(Certificate certificate)
    {
        var fields = new List<(string, string)>
        {
            ("Verification code", certificate.VerificationCode),
            ("Employer", certificate.Employer),
            ("Legal name", $"{certificate.LegalNameLatin} / {certificate.LegalNameAr}"),
            ("Social security number", Human.OrNone(certificate.SocialSecurityNumber)),
            ("Purpose", certificate.Purpose),
            ("Requested by", Human.OrNone(certificate.RequestedBy)),
            ("Issued", Human.Timestamp(certificate.IssueTime)),
            ("Valid until", Human.Timestamp(certificate.ExpireTime)),
            ("Standing as of", Human.Date(certificate.StandingAsOf)),
            ("Last paid period", Human.Period(certificate.LastPaidPeriod)),
            ("Issuer", $"{certificate.Issuer} (key {certificate.SigningKeyId})"),
            ("State", Human.Enum(certificate.State)),
        };
        if (certificate.State == CertificateState.Revoked)
        {
            fields.Add(("Revoked", $"{Human.Timestamp(certificate.RevokeTime)}: {certificate.RevocationReason}"));
        }

        if (certificate.VerificationUrl.Length > 0)
        {
            fields.Add(("Verify at", certificate.VerificationUrl));
        }

        if (certificate.Token.Length > 0)
        {
            fields.Add(("Token", certificate.Token));
        }

        return Human.Record(certificate.Name, fields);
    }

    private static CertificatesClient Client(CommandContext context) => new(context.Hub.CallInvoker);

    private static Argument<string> EmployerArgument() => new("employer")
    {
        Description = "Registry number (16B0012345) or resource name (employers/16B0012345)",
    };

    private static Argument<string> CertificateArgument() => new("certificate")
    {
        Description = "Certificate id or resource name (certificates/{id})",
    };

    private static string Certificate(string id)
    {
        var trimmed = id.Trim();
        return trimmed.StartsWith(CertificatesPrefix, StringComparison.Ordinal) ? trimmed : CertificatesPrefix + trimmed;
    }

    /// <summary>A token is long: <c>@file</c> reads it from a file.</summary>
    private static string ReadArgument(string text) =>
        text.StartsWith('@') ? File.ReadAllText(text[1..]).Trim() : text.Trim();
}
