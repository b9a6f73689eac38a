using Grpc.Core;
using Interop.Hub.ExchangeLog;
using Interop.Hub.V1;
using Interop.Ledger;
using Npgsql;
using static Interop.Hub.Tests.ExchangeLog.ExchangeLogTesting;
using static Interop.Hub.Tests.ExchangeLog.LogVerificationTests;
using ExchangeLogClient = Interop.Hub.V1.ExchangeLog.ExchangeLogClient;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>
/// The subject access report over PostgreSQL: every agency's accesses to one id, with purpose and case, newest first.
/// The accesses are written into the hub's database as another hub instance would, sharing its chain.
/// </summary>
public sealed class SubjectAccessReportTests(ExchangeLogDatabaseFixture database) : IClassFixture<ExchangeLogDatabaseFixture>, IAsyncLifetime
{
    private const string Subject = "16B7777001";
    private const string Portal = "PORTAL/web";
    private const string ExchangeLogMethod = "/interop.hub.v1.ExchangeLog/ListSubjectAccesses";

    private HubHost _hub = null!;

    public Task InitializeAsync()
    {
        // The citizens' portal holds the sandbox's SUBJECT_ACCESS_REPORT grant.
        _hub = LoggingHub(database.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Lists_every_agencys_accesses_to_the_subject_with_purpose_and_case_newest_first_in_pages()
    {
        var now = DateTimeOffset.UtcNow;
        var byMol = At(Record(Subject, "WORK_PERMIT_APPLICATION", "WP-2026-0042", "MOL", "CR"), now.AddMinutes(-3));
        var bySsf = At(Record(Subject, "CONTRIBUTION_COLLECTION", "SSF-REC-7", "SSF", "CR"), now.AddMinutes(-2));
        var refused = At(Record(Subject, "LABOUR_INSPECTION", "INSP-9", "GS", "CR", StatusCode.PermissionDenied), now.AddMinutes(-1));
        var otherSubject = At(Record("16B7777002", "WORK_PERMIT_APPLICATION", "WP-2026-0043", "MOL", "CR"), now.AddMinutes(-1));
        using var key = CheckpointKey.Generate();
        await using (var dataSource = NpgsqlDataSource.Create(database.ConnectionString))
        {
            var otherInstance = Store(dataSource, key);
            await otherInstance.InitializeAsync(CancellationToken.None);
            await otherInstance.WriteAsync(new[] { byMol, bySsf, refused, otherSubject }, CancellationToken.None);
        }

        var log = new ExchangeLogClient(_hub.Invoker(Portal));
        var first = await log.ListSubjectAccessesAsync(new ListSubjectAccessesRequest { SubjectId = Subject, PageSize = 2 });
        var second = await log.ListSubjectAccessesAsync(
            new ListSubjectAccessesRequest { SubjectId = Subject, PageSize = 2, PageToken = first.NextPageToken });
        var accesses = first.SubjectAccesses.Concat(second.SubjectAccesses).Where(a => a.Method != ExchangeLogMethod).ToList();

        Assert.Equal([refused.ExchangeId, bySsf.ExchangeId, byMol.ExchangeId], accesses.Select(a => Guid.Parse(a.ExchangeId)));
        Assert.Equal(["GS", "SSF", "MOL"], accesses.Select(a => a.CallerAgency));
        Assert.Equal(["LABOUR_INSPECTION", "CONTRIBUTION_COLLECTION", "WORK_PERMIT_APPLICATION"], accesses.Select(a => a.Purpose));
        Assert.Equal(["INSP-9", "SSF-REC-7", "WP-2026-0042"], accesses.Select(a => a.CaseReference));
        Assert.Equal(Google.Rpc.Code.PermissionDenied, accesses[0].StatusCode);
        Assert.All(accesses, a => Assert.Equal("CR", a.ProviderAgency));
        Assert.DoesNotContain(accesses, a => Guid.Parse(a.ExchangeId) == otherSubject.ExchangeId);
        Assert.NotEmpty(first.NextPageToken);
        Assert.Empty(second.NextPageToken);
    }

    [Fact]
    public async Task The_report_is_itself_an_access_to_the_subject()
    {
        var log = new ExchangeLogClient(_hub.Invoker(Portal));
        var id = await ExchangeIdAsync(log.ListSubjectAccessesAsync(new ListSubjectAccessesRequest { SubjectId = "16B7777003" }));

        var report = await EventuallyAsync(
            async () => await log.ListSubjectAccessesAsync(new ListSubjectAccessesRequest { SubjectId = "16B7777003" }),
            r => r.SubjectAccesses.Any(a => Guid.Parse(a.ExchangeId) == id),
            TimeSpan.FromSeconds(10));

        var access = Assert.Single(report.SubjectAccesses, a => Guid.Parse(a.ExchangeId) == id);
        Assert.Equal("PORTAL", access.CallerAgency);
        Assert.Equal("SUBJECT_ACCESS_REPORT", access.Purpose);
        Assert.Equal(Interop.Testing.SandboxPurposes.CaseReference, access.CaseReference);
        Assert.Equal(ExchangeLogMethod, access.Method);
    }

    [Fact]
    public async Task A_missing_overlong_or_control_character_subject_is_invalid_argument()
    {
        var log = new ExchangeLogClient(_hub.Invoker(Portal));
        Assert.Equal(["subject_id"], await RpcAssert.FailsWithInvalidFields(async () =>
            await log.ListSubjectAccessesAsync(new ListSubjectAccessesRequest { SubjectId = "16B\u00007777" })));
        Assert.Equal(["subject_id"], await RpcAssert.FailsWithInvalidFields(async () =>
            await log.ListSubjectAccessesAsync(new ListSubjectAccessesRequest { SubjectId = "16B\u00857777" })));

        Assert.Equal(["subject_id"], await RpcAssert.FailsWithInvalidFields(async () =>
            await log.ListSubjectAccessesAsync(new ListSubjectAccessesRequest { SubjectId = " " })));
        Assert.Equal(["subject_id"], await RpcAssert.FailsWithInvalidFields(async () =>
            await log.ListSubjectAccessesAsync(new ListSubjectAccessesRequest { SubjectId = new string('1', 65) })));
    }

    private static Interop.Hub.ExchangeLog.ExchangeRecord At(Interop.Hub.ExchangeLog.ExchangeRecord record, DateTimeOffset time)
    {
        var start = Interop.Hub.ExchangeLog.ExchangeRecord.ToMicroseconds(time);
        return record with { StartTime = start, ExchangeId = Interop.Hub.ExchangeLog.ExchangeIds.New(start) };
    }
}
