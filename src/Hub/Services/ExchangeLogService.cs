using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Interop.Hub.Errors;
using Interop.Hub.Exchange;
using Interop.Hub.ExchangeLog;
using Interop.Hub.V1;
using Interop.Hub.Validation;
using Interop.Ledger;
using Microsoft.Extensions.Options;

namespace Interop.Hub.Services;

/// <summary>
/// The exchange log, read by the agencies: each sees only the exchanges it took part in, as caller or provider,
/// and gets their receipts. The subject access report is the one view across agencies; the access check lets
/// only holders of a SUBJECT_ACCESS_REPORT grant reach it.
/// </summary>
public sealed class ExchangeLogService(
    IExchangeStore store,
    CheckpointSigner signer,
    ExchangeLogQueue queue,
    IOptions<ExchangeLogOptions> options,
    TimeProvider timeProvider) : Interop.Hub.V1.ExchangeLog.ExchangeLogBase
{
    public const int MaxSubjectIdLength = 64;

    private static readonly TimeSpan _receiptRetryDelay = TimeSpan.FromSeconds(1);

    public override async Task<ListExchangesResponse> ListExchanges(ListExchangesRequest request, ServerCallContext context)
    {
        var agency = ExchangeContext.CallerOf(context).AgencyCode;
        var pageSize = PageTokens.PageSize(request.PageSize);
        var from = Time("from_time", request.FromTime);
        var to = Time("to_time", request.ToTime);
        if (from is not null && to is not null && to <= from)
        {
            throw RequestValidationException.ForField("to_time", "must be after from_time");
        }

        var subject = SubjectId(request.SubjectId);
        Guid? exchangeId = request.ExchangeId.Length == 0 ? null : ExchangeNames.ParseId("exchange_id", request.ExchangeId);

        // The token is bound to the agency and the filters: replayed with others it is refused, not misread.
        var collection = Collection(agency, request);
        var after = PageTokens.Parse(request.PageToken, collection, key => TryParsePosition(key, out _));
        TryParsePosition(after, out var position);

        var query = new ExchangeQuery(agency, pageSize, from, to, subject.Length == 0 ? null : subject, exchangeId, position);
        var page = await store.ListAsync(query, context.CancellationToken);

        var response = new ListExchangesResponse();
        foreach (var record in page.Records)
        {
            response.Exchanges.Add(ToExchange(record));
        }

        if (page.HasMore)
        {
            var last = page.Records[^1];
            response.NextPageToken = PageTokens.Create(collection, Position(last));
        }

        return response;
    }

    public override async Task<GetExchangeResponse> GetExchange(GetExchangeRequest request, ServerCallContext context)
    {
        var agency = ExchangeContext.CallerOf(context).AgencyCode;
        var exchangeId = ExchangeNames.Parse("name", request.Name);

        // Another agencies' exchange is answered exactly like a missing one: its existence does not leak.
        var record = await store.FindAsync(exchangeId, agency, context.CancellationToken)
            ?? throw await NotFoundAsync(exchangeId, context.CancellationToken);
        return new GetExchangeResponse { Exchange = ToExchange(record) };
    }

    public override async Task<GetReceiptResponse> GetReceipt(GetReceiptRequest request, ServerCallContext context)
    {
        var agency = ExchangeContext.CallerOf(context).AgencyCode;
        var exchangeId = ExchangeNames.ParseReceipt("name", request.Name);
        var stored = await store.FindReceiptAsync(exchangeId, agency, context.CancellationToken);
        if (stored is null)
        {
            // Decided by the id's time and the log's state alone, so the answer says nothing of other agencies' exchanges.
            throw MayBePending(exchangeId)
                ? new ExchangeNotYetLoggedException(ExchangeNames.Of(exchangeId), _receiptRetryDelay)
                : await NotFoundAsync(exchangeId, context.CancellationToken);
        }

        var receipt = Receipts.Build(ExchangeNames.Of(exchangeId), exchangeId, ExchangeLeaf.ToArray(stored.Record), stored.Entries, stored.Checkpoint)
            ?? throw new ExchangeLogAlteredException(ExchangeNames.Of(exchangeId));
        return new GetReceiptResponse { Receipt = receipt };
    }

    public override Task<ListSigningKeysResponse> ListSigningKeys(ListSigningKeysRequest request, ServerCallContext context) =>
        Task.FromResult(new ListSigningKeysResponse
        {
            SigningKeys =
            {
                signer.RetiredKeys.Select(key => PublicKey(key, SigningKeyState.Retired)).Prepend(PublicKey(signer.Key, SigningKeyState.Active)),
            },
        });

    private static SigningKey PublicKey(CheckpointKey key, SigningKeyState state) =>
        new() { KeyId = key.KeyId, PublicKeyPem = key.PublicKeyPem, Algorithm = CheckpointKey.Algorithm, State = state };

    public override async Task<ListSubjectAccessesResponse> ListSubjectAccesses(ListSubjectAccessesRequest request, ServerCallContext context)
    {
        var agency = ExchangeContext.CallerOf(context).AgencyCode;
        var subject = SubjectId(request.SubjectId);
        if (subject.Length == 0)
        {
            throw RequestValidationException.ForField("subject_id", "is required: the employer registry number, worker or permit id to report on");
        }

        // Looking at who looked at a subject is itself an access to that subject, and is reported as one.
        ExchangeContext.Of(context).Subjects.Add(subject);
        var pageSize = PageTokens.PageSize(request.PageSize);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject)).AsSpan(0, 8));
        var collection = $"subject-accesses:{agency}:{digest}";
        var after = PageTokens.Parse(request.PageToken, collection, key => TryParsePosition(key, out _));
        TryParsePosition(after, out var position);

        var page = await store.ListAsync(new ExchangeQuery(null, pageSize, SubjectId: subject, After: position), context.CancellationToken);
        var response = new ListSubjectAccessesResponse();
        foreach (var record in page.Records)
        {
            response.SubjectAccesses.Add(new SubjectAccess
            {
                ExchangeId = record.ExchangeId.ToString("D"),
                StartTime = Timestamp.FromDateTimeOffset(record.StartTime),
                CallerAgency = record.CallerAgency,
                CallerSystem = record.CallerSystem,
                ProviderAgency = record.ProviderAgency,
                Method = record.Method,
                Purpose = record.Purpose,
                CaseReference = record.CaseReference,
                StatusCode = (Google.Rpc.Code)record.StatusCode,
            });
        }

        if (page.HasMore)
        {
            response.NextPageToken = PageTokens.Create(collection, Position(page.Records[^1]));
        }

        return response;
    }

    public static Interop.Hub.V1.Exchange ToExchange(in ExchangeRecord record) => new()
    {
        Name = ExchangeNames.Of(record.ExchangeId),
        ExchangeId = record.ExchangeId.ToString("D"),
        StartTime = Timestamp.FromDateTimeOffset(record.StartTime),
        CallerAgency = record.CallerAgency,
        CallerSystem = record.CallerSystem,
        ProviderAgency = record.ProviderAgency,
        Method = record.Method,
        SubjectIds = { record.SubjectIds },
        StatusCode = (Google.Rpc.Code)record.StatusCode,
        Latency = Duration.FromTimeSpan(record.Latency),
        CacheHit = record.CacheHit,
        RequestBytes = record.RequestBytes,
        ResponseBytes = record.ResponseBytes,
        RequestSha256 = ByteString.CopyFrom(record.RequestSha256.ToArray()),
        ResponseSha256 = ByteString.CopyFrom(record.ResponseSha256.ToArray()),
        Purpose = record.Purpose,
        CaseReference = record.CaseReference,
        OfficialId = record.OfficialId,
    };

    /// <summary>
    /// Decided by the id's day alone, like a missing exchange: whether that day was archived says nothing of whose
    /// exchange it was, or whether there was one.
    /// </summary>
    private async Task<Exception> NotFoundAsync(Guid exchangeId, CancellationToken cancellationToken) =>
        await store.ArchivedDayAsync(exchangeId, cancellationToken) is { } day
            ? new ExchangeArchivedException(ExchangeNames.Of(exchangeId), day)
            : new ResourceNotFoundException("exchange", ExchangeNames.Of(exchangeId));

    /// <summary>Whether an exchange missing from the log may still be on its way there.</summary>
    private bool MayBePending(Guid exchangeId) =>
        !queue.StoreAvailable
        || (ExchangeIds.StartWindow(exchangeId) is { } window
            && window.From > timeProvider.GetUtcNow() - options.Value.ReceiptPendingWindow
            && window.From < timeProvider.GetUtcNow() + TimeSpan.FromMinutes(1));

    private static DateTimeOffset? Time(string field, Timestamp? timestamp)
    {
        if (timestamp is null)
        {
            return null;
        }

        try
        {
            return timestamp.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            throw RequestValidationException.ForField(field, "is not a valid timestamp (0001-01-01 to 9999-12-31, nanos 0-999999999)");
        }
    }

    /// <summary>A subject id to look for, trimmed; empty when none was given.</summary>
    private static string SubjectId(string raw)
    {
        var subject = raw.Trim();
        if (subject.Length > MaxSubjectIdLength)
        {
            throw RequestValidationException.ForField("subject_id", $"must be at most {MaxSubjectIdLength} characters");
        }

        if (FreeText.HasControlCharacters(subject))
        {
            throw RequestValidationException.ForField("subject_id", FreeText.ControlCharacterProblem);
        }

        return subject;
    }

    private static string Collection(string agency, ListExchangesRequest request)
    {
        var filters = $"{request.FromTime}~{request.ToTime}~{request.SubjectId.Trim()}~{request.ExchangeId}";
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(filters)).AsSpan(0, 8));
        return $"exchanges:{agency}:{digest}";
    }

    private static string Position(in ExchangeRecord record) =>
        string.Create(CultureInfo.InvariantCulture, $"{record.StartTime.UtcTicks}.{record.ExchangeId:N}");

    private static bool TryParsePosition(string? key, out (DateTimeOffset StartTime, Guid ExchangeId)? position)
    {
        position = null;
        if (key is null)
        {
            return false;
        }

        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0
            || !long.TryParse(key.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !Guid.TryParseExact(key.AsSpan(dot + 1), "N", out var id))
        {
            return false;
        }

        position = (new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
