using System.Buffers.Binary;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Interop.Contributions.V1;
using Interop.Employers.V1;
using Interop.Permits.V1;
using Interop.Testing;
using static Interop.Hub.Tests.ExchangeLog.ExchangeLogTesting;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>Every call through the hub, allowed or refused, successful or not, is one row of the log in PostgreSQL.</summary>
public sealed class ExchangeCaptureMiddlewareTests(ExchangeLogDatabaseFixture database) : IClassFixture<ExchangeLogDatabaseFixture>
{
    private const string GetEmployerMethod = "/interop.employers.v1.EmployerRegistry/GetEmployer";

    [Fact]
    public async Task N_calls_make_N_records_including_refused_and_failed_ones()
    {
        await using var hub = LoggingHub(database.ConnectionString);
        var identified = new EmployerRegistry.EmployerRegistryClient(hub.Invoker("CR/completeness"));
        var anonymous = new EmployerRegistry.EmployerRegistryClient(hub.Invoker(caller: null));
        var stranger = new EmployerRegistry.EmployerRegistryClient(hub.Invoker("XYZ/unknown-agency"));
        var standing = new ContributionStanding.ContributionStandingClient(hub.Invoker("CR/completeness"));

        var expected = new Dictionary<Guid, (StatusCode Status, string Caller, string Provider)>();
        for (var i = 0; i < 20; i++)
        {
            expected[await ExchangeIdAsync(identified.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(i) }))] = (StatusCode.OK, "CR", "CR");
        }

        expected[await ExchangeIdAsync(identified.GetEmployerAsync(new GetEmployerRequest { Name = "employers/99Z" }))] = (StatusCode.InvalidArgument, "CR", "CR");
        expected[await ExchangeIdAsync(identified.GetEmployerAsync(new GetEmployerRequest { Name = "employers/16B9999999" }))] = (StatusCode.NotFound, "CR", "CR");
        expected[await ExchangeIdAsync(anonymous.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(1) }))] = (StatusCode.Unauthenticated, "", "");
        expected[await ExchangeIdAsync(stranger.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(1) }))] = (StatusCode.PermissionDenied, "", "");
        expected[await ExchangeIdAsync(standing.GetStandingAsync(new GetStandingRequest { Name = "employers/x/standing" }))] = (StatusCode.InvalidArgument, "CR", "SSF");

        var rows = await WaitForRowsAsync(database.ConnectionString, expected.Keys);

        Assert.Equal(expected.Count, rows.Count);
        foreach (var (id, (status, caller, provider)) in expected)
        {
            Assert.Equal(status, rows[id].StatusCode);
            Assert.Equal(caller, rows[id].CallerAgency);
            Assert.Equal(provider, rows[id].ProviderAgency);
            Assert.Equal(caller.Length == 0 ? "" : "completeness", rows[id].CallerSystem);
        }

        Assert.All(rows.Values.Where(r => r.StatusCode == StatusCode.OK), r => Assert.Equal(GetEmployerMethod, r.Method));
    }

    [Fact]
    public async Task Calls_that_fail_at_an_agency_that_is_down_are_recorded()
    {
        await using var hub = new HubHost(new Dictionary<string, string?>
        {
            ["Agencies:CommercialRegistry:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=x;Password=x;Timeout=2",
            ["Agencies:SocialSecurityFund:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=x;Password=x;Timeout=2",
            ["Agencies:MinistryOfLabour:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=x;Password=x;Timeout=2",
            ["ExchangeLog:ConnectionString"] = database.ConnectionString,
            ["ExchangeLog:SigningKeyPath"] = TestCheckpointKey.PemPath,
            ["Certificates:Keys:0:KeyId"] = "test-fund",
            ["Certificates:Keys:0:PemPath"] = TestCheckpointKey.PemPath,
            ["ExchangeLog:FlushInterval"] = "00:00:00.010",
        });
        var permits = new WorkPermits.WorkPermitsClient(hub.Invoker("SSF/agency-down"));

        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await ExchangeIdAsync(permits.GetPermitAsync(new GetPermitRequest { Name = "permits/WP-2025-0000001" })));
        }

        var rows = await WaitForRowsAsync(database.ConnectionString, ids);

        Assert.Equal(3, rows.Count);
        Assert.All(rows.Values, row =>
        {
            Assert.Equal(StatusCode.Unavailable, row.StatusCode);
            Assert.Equal("SSF", row.CallerAgency);
            Assert.Equal("MOL", row.ProviderAgency);
            Assert.Equal(["WP-2025-0000001"], row.SubjectIds);
            Assert.Equal("/interop.permits.v1.WorkPermits/GetPermit", row.Method);
        });
    }

    [Fact]
    public async Task Digests_and_sizes_are_those_of_the_bytes_on_the_wire()
    {
        await using var hub = LoggingHub(database.ConnectionString);
        var client = new EmployerRegistry.EmployerRegistryClient(hub.Invoker("CR/digests"));
        var request = new GetEmployerRequest { Name = EmployerName(5) };

        using var call = client.GetEmployerAsync(request);
        var response = await call.ResponseAsync;
        var id = Guid.Parse((await call.ResponseHeadersAsync).GetValue("x-interop-exchange-id")!);

        var row = (await WaitForRowsAsync(database.ConnectionString, [id]))[id];
        var requestWire = GrpcFrame(request);
        var responseWire = GrpcFrame(response);
        Assert.Equal(requestWire.Length, row.RequestBytes);
        Assert.Equal(responseWire.Length, row.ResponseBytes);
        Assert.Equal(SHA256.HashData(requestWire), row.RequestSha256);
        Assert.Equal(SHA256.HashData(responseWire), row.ResponseSha256);
        Assert.Equal([Population.Employer(5).RegistryNumber], row.SubjectIds);
        Assert.True(row.LatencyMicroseconds > 0);
        Assert.False(row.CacheHit);
    }

    [Fact]
    public async Task A_refused_call_has_the_digest_of_its_request_and_of_an_empty_answer()
    {
        await using var hub = LoggingHub(database.ConnectionString);
        var client = new EmployerRegistry.EmployerRegistryClient(hub.Invoker(caller: null));
        var request = new GetEmployerRequest { Name = EmployerName(6) };

        var id = await ExchangeIdAsync(client.GetEmployerAsync(request));

        var row = (await WaitForRowsAsync(database.ConnectionString, [id]))[id];
        Assert.Equal(SHA256.HashData(GrpcFrame(request)), row.RequestSha256);
        Assert.Equal(SHA256.HashData([]), row.ResponseSha256);
        Assert.Equal(0, row.ResponseBytes);
    }

    [Fact]
    public async Task No_record_is_lost_when_the_hub_stops_right_after_many_calls()
    {
        const int calls = 300;
        var hub = LoggingHub(
            database.ConnectionString,
            ("ExchangeLog:FlushInterval", "00:00:10"),
            ("ExchangeLog:MaxRecordsPerWrite", "7"),
            ("ExchangeLog:BatchSize", "3"));
        var client = new EmployerRegistry.EmployerRegistryClient(hub.Invoker("GS/shutdown"));

        await Task.WhenAll(Enumerable.Range(0, calls).Select(i =>
            client.GetEmployerAsync(new GetEmployerRequest { Name = EmployerName(i % 300) }).ResponseAsync));
        await hub.DisposeAsync();

        Assert.Equal(calls, await CountAsync(database.ConnectionString, "shutdown"));
    }

    /// <summary>A gRPC message as it travels: uncompressed flag, big-endian length, the message.</summary>
    private static byte[] GrpcFrame(IMessage message)
    {
        var body = message.ToByteArray();
        var frame = new byte[5 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)body.Length);
        body.CopyTo(frame, 5);
        return frame;
    }
}
