using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Interop.Hub.V1;
using Interop.Ledger;
using Npgsql;
using Spectre.Console;
using ExchangeLogClient = Interop.Hub.V1.ExchangeLog.ExchangeLogClient;

namespace Interop.Cli;

/// <summary>
/// The provable side of <c>interop log</c>: an exchange's receipt and its offline check, the hub's signing keys,
/// the operator's check of the whole log over the hub's database, the archiving of past days out of it (and back),
/// and the subject access report and receipts of archived days (from the hub, or from the archive files).
/// </summary>
internal static class LogLedgerCommands
{
    /// <summary>Most findings printed after the first; the count says how many there were.</summary>
    private const int MaxFindingsShown = 50;

    public static void AddTo(Command log, CliSession session)
    {
        log.Add(CreateReceipt(session));
        log.Add(CreateVerifyReceipt());
        log.Add(CreateKeys(session));
        log.Add(CreateVerify());
        log.Add(CreateArchive());
        log.Add(CreateArchiveSubject());
        log.Add(CreateArchiveReceipt());
        log.Add(CreateRestore());
        log.Add(CreateSubject(session));
    }

    private static Command CreateReceipt(CliSession session)
    {
        var id = new Argument<string>("exchange") { Description = "Exchange id (x-interop-exchange-id) or resource name (exchanges/{id})" };
        var output = new Option<string>("--out") { Description = "Write the receipt (protobuf JSON) to this file", HelpName = "file" };
        var receipt = new Command("receipt", "Get the receipt of an exchange you took part in: proof, verifiable offline, that the hub logged it.")
        {
            id, output,
        };
        receipt.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var request = new GetReceiptRequest { Name = ResourceNames.Exchange(context.ParseResult.GetRequiredValue(id)) + "/receipt" };
            var (response, exchangeId) = await CommandContext.AnswerAsync(new ExchangeLogClient(context.Hub.CallInvoker)
                .GetReceiptAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var json = JsonOutput.Formatter.Format(response.Receipt);
            if (context.ParseResult.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, json + Environment.NewLine, cancellationToken).ConfigureAwait(false);
                if (!context.Json)
                {
                    context.Console.Write(new Text(ReceiptWritten(request.Name[..^"/receipt".Length], file, response.Receipt)));
                    context.WriteProvenance(null, exchangeId);
                }
            }
            else
            {
                context.WriteJson(json);
            }

            return ExitCodes.Success;
        }));
        return receipt;
    }

    private static Command CreateVerifyReceipt()
    {
        var file = new Argument<string>("file") { Description = "A receipt written by 'interop log receipt --out' (protobuf JSON)" };
        var keys = KeyOption();
        var verify = new Command("verify-receipt", "Check a receipt offline with the hub's public key: leaf hash, Merkle inclusion, checkpoint signature.")
        {
            file, keys,
        };
        verify.SetAction(Offline(async (result, stdout, cancellationToken) =>
        {
            var text = await File.ReadAllTextAsync(result.GetRequiredValue(file), cancellationToken).ConfigureAwait(false);
            Receipt receipt;
            try
            {
                receipt = JsonParser.Default.Parse<Receipt>(text);
            }
            catch (Exception ex) when (ex is InvalidJsonException or InvalidProtocolBufferException)
            {
                throw new UsageException($"{result.GetRequiredValue(file)} is not a receipt (protobuf JSON of interop.hub.v1.Receipt): {ex.Message}");
            }

            using var ring = KeyRing.FromPemFiles(result.GetRequiredValue(keys));
            var check = ReceiptVerifier.Verify(receipt, ring);
            if (!check.Valid)
            {
                await stdout.WriteLineAsync($"NOT VALID: {check.Explanation}.").ConfigureAwait(false);
                return ExitCodes.VerificationFailed;
            }

            var exchange = check.Exchange!;
            await stdout.WriteLineAsync($"VALID: {check.Explanation}, sealed {Human.Timestamp(check.Checkpoint!.CreateTime)}.").ConfigureAwait(false);
            await stdout.WriteLineAsync(
                $"  {exchange.Name}: {LogCommands.Caller(exchange)} -> {Human.OrNone(exchange.ProviderAgency)} {exchange.Method} "
                + $"at {Human.Timestamp(exchange.StartTime)}, {Human.Status((Grpc.Core.StatusCode)exchange.StatusCode)}").ConfigureAwait(false);
            await stdout.WriteLineAsync(
                $"  request SHA-256 {Convert.ToHexStringLower(exchange.RequestSha256.Span)}, response SHA-256 {Convert.ToHexStringLower(exchange.ResponseSha256.Span)}")
                .ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return verify;
    }

    private static Command CreateKeys(CliSession session)
    {
        var output = new Option<string>("--out") { Description = "Write the current key's PEM to this file", HelpName = "file" };
        var outputAll = new Option<string>("--out-all")
        {
            Description = "Write every key, current and retired, to <key id>.pem in this directory (for 'interop log verify --key')",
            HelpName = "directory",
        };
        var keys = new Command("keys", "The public keys the hub signs, or signed, the exchange log's checkpoints with.") { output, outputAll };
        keys.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var (response, exchangeId) = await CommandContext.AnswerAsync(new ExchangeLogClient(context.Hub.CallInvoker)
                .ListSigningKeysAsync(new ListSigningKeysRequest(), cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (context.ParseResult.GetValue(output) is { } file && response.SigningKeys.Count > 0)
            {
                await File.WriteAllTextAsync(file, response.SigningKeys[0].PublicKeyPem + Environment.NewLine, cancellationToken).ConfigureAwait(false);
            }

            if (context.ParseResult.GetValue(outputAll) is { } directory)
            {
                System.IO.Directory.CreateDirectory(directory);
                foreach (var key in response.SigningKeys)
                {
                    await File.WriteAllTextAsync(
                        Path.Combine(directory, $"{key.KeyId}.pem"), key.PublicKeyPem + Environment.NewLine, cancellationToken).ConfigureAwait(false);
                }
            }

            if (context.Json)
            {
                context.WriteJson(response);
                return ExitCodes.Success;
            }

            var table = Human.List(null, "Key id", "State", "Algorithm", "Public key");
            foreach (var key in response.SigningKeys)
            {
                table.AddRow(Human.Cells(key.KeyId, key.State == SigningKeyState.Retired ? "retired" : "active", key.Algorithm, key.PublicKeyPem));
            }

            context.Console.Write(table);
            context.WriteProvenance(null, exchangeId);
            return ExitCodes.Success;
        }));
        return keys;
    }

    private static Command CreateVerify()
    {
        var database = DatabaseOption("read-only access is enough");
        var keys = KeyOption();
        var from = new Option<DateTimeOffset?>("--from")
        {
            Description = "Only checkpoints sealed at or after this time (and their link to the one before)",
            HelpName = "time",
            CustomParser = LogCommands.ParseTime,
        };
        var to = new Option<DateTimeOffset?>("--to")
        {
            Description = "Only checkpoints sealed before this time",
            HelpName = "time",
            CustomParser = LogCommands.ParseTime,
        };
        var heads = new Option<ChainHead[]>("--head")
        {
            Description = "A head the hub logged earlier (event 3030, 'sequence:hash'), kept outside the hub: the log must still hold it; repeat for several",
            HelpName = "sequence:hash",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = ParseHeads,
        };
        var archive = ArchiveOption("their records are checked against the files there", required: false);
        var verify = new Command("verify",
            "Operators: re-check the whole log over the hub's database (signatures, chain, roots, every row, the batch rows listings use) and name the first altered, inserted, deleted or hidden record.")
        {
            database, keys, from, to, heads, archive,
        };
        verify.SetAction(Offline(async (result, stdout, cancellationToken) =>
        {
            using var ring = KeyRing.FromPemFiles(result.GetRequiredValue(keys));
            await using var dataSource = NpgsqlDataSource.Create(result.GetRequiredValue(database));
            var outcome = await LogVerifier.VerifyAsync(
                dataSource, ring, result.GetValue(from), result.GetValue(to), cancellationToken, result.GetValue(heads), result.GetValue(archive)?.FullName).ConfigureAwait(false);
            var scope = string.Create(CultureInfo.InvariantCulture, $"{outcome.Checkpoints:N0} checkpoints, {outcome.Records:N0} records")
                + (outcome.ArchivedChecked > 0 ? string.Create(CultureInfo.InvariantCulture, $" and {outcome.ArchivedChecked:N0} archived") : string.Empty);
            if (outcome.Valid)
            {
                await stdout.WriteLineAsync($"VALID: {scope}: every signature, link, root and row checks.").ConfigureAwait(false);
                if (outcome.ArchivedUnchecked > 0)
                {
                    await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"Not checked: {outcome.ArchivedUnchecked:N0} records of archived days (--archive <directory> checks them against their files).")).ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }

            await stdout.WriteLineAsync($"NOT VALID: {outcome.Findings.Count} findings in {scope}.").ConfigureAwait(false);
            await stdout.WriteLineAsync($"FIRST: {outcome.Findings[0].Description}").ConfigureAwait(false);
            foreach (var finding in outcome.Findings.Skip(1).Take(MaxFindingsShown))
            {
                await stdout.WriteLineAsync($"  then: {finding.Description}").ConfigureAwait(false);
            }

            if (outcome.Findings.Count > MaxFindingsShown + 1)
            {
                await stdout.WriteLineAsync($"  and {outcome.Findings.Count - MaxFindingsShown - 1} more.").ConfigureAwait(false);
            }

            return ExitCodes.VerificationFailed;
        }));
        return verify;
    }

    private static Command CreateArchive()
    {
        var database = DatabaseOption("a role that may drop the log's partitions");
        var before = DayOption("--before", "Archive the days before this one (UTC, yyyy-MM-dd); yesterday and today are never archived");
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Directory the day files go to (created if missing); keep it where the database's administrators cannot rewrite it",
            HelpName = "directory",
            Required = true,
        };
        var archive = new Command("archive",
            "Operators: move whole past days of the log out of the hub's database into files (one per day), dropping their partitions; the chain still verifies, and 'verify --archive' checks the files.")
        {
            database, before, output,
        };
        archive.SetAction(Offline(async (result, stdout, cancellationToken) =>
        {
            await using var dataSource = NpgsqlDataSource.Create(result.GetRequiredValue(database));
            var directory = result.GetRequiredValue(output).FullName;
            var days = await LogArchive.ArchiveAsync(
                dataSource, result.GetRequiredValue(before), DateOnly.FromDateTime(DateTime.UtcNow), directory, cancellationToken).ConfigureAwait(false);
            if (days.Count == 0)
            {
                await stdout.WriteLineAsync("Nothing to archive: no day of the log before that date (and before yesterday) is still in the database.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            foreach (var day in days)
            {
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{day.Day:yyyy-MM-dd}: {day.Records:N0} records -> {Path.Combine(directory, day.File)} (SHA-256 {Convert.ToHexStringLower(day.Sha256)}); partition dropped")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return archive;
    }

    private static Command CreateArchiveSubject()
    {
        var subject = new Argument<string>("subject") { Description = "Employer registry number, worker or permit id" };
        var archive = ArchiveOption("the report reads them", required: true);
        var command = new Command("archive-subject",
            "Operators: the subject access report over archived days (which 'log subject' no longer reaches): every archived exchange that asked about this id, newest first.")
        {
            subject, archive,
        };
        command.SetAction(Offline(async (result, stdout, cancellationToken) =>
        {
            var directory = result.GetRequiredValue(archive);
            if (!directory.Exists)
            {
                throw new UsageException($"{directory.FullName} does not exist: give the directory 'interop log archive --out' wrote to.");
            }

            var id = result.GetRequiredValue(subject).Trim();
            var accesses = LogArchive.FindSubject(directory.FullName, id);
            var console = Human.Console(stdout);
            var table = AccessesTable(
                $"Who consulted {id} (archived days)",
                accesses.Select(a => (a.StartTime, a.CallerAgency, a.CallerSystem, a.ProviderAgency, a.Method, a.Purpose, a.CaseReference, (int)a.StatusCode, a.ExchangeId)));
            console.Write(table);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateArchiveReceipt()
    {
        var id = new Argument<string>("exchange") { Description = "Exchange id (x-interop-exchange-id) or resource name (exchanges/{id}) of an archived day" };
        var database = DatabaseOption("read-only access is enough: the checkpoints stay there");
        var archive = ArchiveOption("the record is read from its day's file", required: true);
        var output = new Option<string>("--out") { Description = "Write the receipt (protobuf JSON) to this file", HelpName = "file" };
        var command = new Command("archive-receipt",
            "Operators: the receipt of an exchange whose day was archived (which the hub answers EXCHANGE_ARCHIVED): its record from the archive file, proven by the checkpoint the hub signed; checks offline with 'verify-receipt'.")
        {
            id, database, archive, output,
        };
        command.SetAction(Offline(async (result, stdout, cancellationToken) =>
        {
            var name = ResourceNames.Exchange(result.GetRequiredValue(id));
            if (!Guid.TryParseExact(name.AsSpan(ResourceNames.ExchangesPrefix.Length), "D", out var exchangeId))
            {
                throw new UsageException($"'{name}' is not an exchange: give its id, a UUID such as 0197a5c2-3f4e-7b6a-9c1d-2e3f4a5b6c7d, or exchanges/{{id}}.");
            }

            await using var dataSource = NpgsqlDataSource.Create(result.GetRequiredValue(database));
            var found = await ArchiveReceipts.FindAsync(dataSource, result.GetRequiredValue(archive).FullName, exchangeId, cancellationToken).ConfigureAwait(false);
            if (found.Problem is { } problem)
            {
                await stdout.WriteLineAsync($"NOT VALID: {problem}.").ConfigureAwait(false);
                return ExitCodes.VerificationFailed;
            }

            if (found.Receipt is not { } receipt)
            {
                throw new IOException($"{name} is in no archive file and no checkpoint signed it: no exchange of an archived day has that id.");
            }

            var json = JsonOutput.Formatter.Format(receipt);
            if (result.GetValue(output) is not { } file)
            {
                await stdout.WriteLineAsync(json).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await File.WriteAllTextAsync(file, json + Environment.NewLine, cancellationToken).ConfigureAwait(false);
            await stdout.WriteAsync(ReceiptWritten("archived " + name, file, receipt)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateRestore()
    {
        var database = DatabaseOption("a role that may create the log's partitions");
        var day = DayOption("--day", "The archived day to bring back (UTC, yyyy-MM-dd)");
        var archive = ArchiveOption("the day's records are read from its file", required: true);
        var restore = new Command("restore",
            "Operators: bring an archived day back into the hub's database (its partition, its records, its batch rows), for queries and listings; the file stays, and the day can be archived again.")
        {
            database, day, archive,
        };
        restore.SetAction(Offline(async (result, stdout, cancellationToken) =>
        {
            await using var dataSource = NpgsqlDataSource.Create(result.GetRequiredValue(database));
            var restored = result.GetRequiredValue(day);
            var records = await ArchiveRestore.RestoreAsync(dataSource, restored, result.GetRequiredValue(archive).FullName, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{restored:yyyy-MM-dd}: {records:N0} records restored into {LogVerifier.PartitionName(restored)}; the day is no longer archived (its file stays).")).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return restore;
    }

    private static string ReceiptWritten(string exchange, string file, Receipt receipt)
    {
        var checkpoint = Checkpoint.Parser.ParseFrom(receipt.SignedCheckpoint.Checkpoint);
        return $"Receipt of {exchange} written to {file}: record {receipt.LeafIndex + 1} of {checkpoint.RecordCount} in checkpoint {checkpoint.Sequence}, "
            + $"signed by key {checkpoint.KeyId}.{Environment.NewLine}"
            + $"Check it offline: interop log verify-receipt {file} --key <hub public key PEM> (interop log keys --out hub-key.pem){Environment.NewLine}";
    }

    /// <summary>A subject access report's table, the same from the hub and from the archive files.</summary>
    private static Table AccessesTable(
        string title,
        IEnumerable<(Google.Protobuf.WellKnownTypes.Timestamp Start, string CallerAgency, string CallerSystem, string Provider, string Method, string Purpose, string CaseReference, int Status, string ExchangeId)> accesses)
    {
        var table = Human.List(title, "When", "Agency", "Provider", "Method", "Purpose", "Case", "Status", "Exchange");
        var count = 0;
        foreach (var access in accesses)
        {
            table.AddRow(Human.Cells(
                Human.Timestamp(access.Start),
                access.CallerAgency.Length == 0 ? "(unidentified)" : $"{access.CallerAgency}/{access.CallerSystem}",
                Human.OrNone(access.Provider),
                LogCommands.ShortMethod(access.Method),
                Human.OrNone(access.Purpose),
                Human.OrNone(access.CaseReference),
                Human.Status((Grpc.Core.StatusCode)access.Status),
                access.ExchangeId));
            count++;
        }

        table.Caption(count == 1 ? "1 access" : $"{count} accesses");
        return table;
    }

    private static Option<DateOnly> DayOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "date",
        Required = true,
        CustomParser = ParseDay,
    };

    private static DateOnly ParseDay(ArgumentResult result)
    {
        var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        result.AddError($"'{token}' is not a day: use yyyy-MM-dd (UTC), e.g. 2026-01-01.");
        return default;
    }

    private static Command CreateSubject(CliSession session)
    {
        var subject = new Argument<string>("subject") { Description = "Employer registry number, worker or permit id" };
        var pageSize = new Option<int?>("--page-size") { Description = "Accesses per page, at most 500 [default: 50]", HelpName = "count" };
        var pageToken = new Option<string>("--page-token") { Description = "Continue from the token a previous page printed", HelpName = "token" };
        var command = new Command("subject",
            "Subject access report: which agencies consulted this id, when, how, for which purpose and case (needs a SUBJECT_ACCESS_REPORT grant).")
        {
            subject, pageSize, pageToken,
        };
        command.SetAction(session.Action(async (context, cancellationToken) =>
        {
            var request = new ListSubjectAccessesRequest
            {
                SubjectId = context.ParseResult.GetRequiredValue(subject).Trim(),
                PageSize = context.ParseResult.GetValue(pageSize) ?? 0,
                PageToken = context.ParseResult.GetValue(pageToken) ?? string.Empty,
            };
            var (page, exchangeId) = await CommandContext.AnswerAsync(new ExchangeLogClient(context.Hub.CallInvoker)
                .ListSubjectAccessesAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(page);
                return ExitCodes.Success;
            }

            var table = AccessesTable(
                $"Who consulted {request.SubjectId}",
                page.SubjectAccesses.Select(a => (a.StartTime, a.CallerAgency, a.CallerSystem, a.ProviderAgency, a.Method, a.Purpose, a.CaseReference, (int)a.StatusCode, a.ExchangeId)));
            context.Console.Write(table);
            if (!string.IsNullOrEmpty(page.NextPageToken))
            {
                context.Console.Write(new Text($"More accesses: --page-token {page.NextPageToken}{Environment.NewLine}"));
            }

            context.WriteProvenance(null, exchangeId);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ChainHead[] ParseHeads(ArgumentResult result)
    {
        var heads = new List<ChainHead>();
        foreach (var token in result.Tokens)
        {
            if (ChainHead.TryParse(token.Value.Trim(), out var head))
            {
                heads.Add(head);
            }
            else
            {
                result.AddError($"'{token.Value}' is not a head: use the 'sequence:hash' the hub logged (a checkpoint number, a colon, 64 hexadecimal digits).");
            }
        }

        return [.. heads];
    }

    private static Option<DirectoryInfo> ArchiveOption(string use, bool required) => new("--archive")
    {
        Description = $"The directory 'interop log archive' wrote archived days to: {use}",
        HelpName = "directory",
        Required = required,
    };

    private static Option<string> DatabaseOption(string access) => new("--database")
    {
        Description = $"Npgsql connection string of the hub's database ({access})",
        HelpName = "connection",
        Required = true,
    };

    private static Option<string[]> KeyOption() => new("--key")
    {
        Description = "The hub's public key, PEM (from 'interop log keys --out'); repeat it for keys used before a key change",
        HelpName = "pem",
        Required = true,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>A command that needs no hub: local files (and for verify, the hub's database), failures mapped to exit codes.</summary>
    private static Func<ParseResult, CancellationToken, Task<int>> Offline(Func<ParseResult, TextWriter, CancellationToken, Task<int>> body) =>
        async (result, cancellationToken) =>
        {
            var stderr = result.InvocationConfiguration.Error;
            try
            {
                return await body(result, result.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is UsageException or ArgumentException)
            {
                await stderr.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException or CryptographicException or NpgsqlException)
            {
                await stderr.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        };
}
