using Google.Protobuf;
using Grpc.Core;
using Interop.Hub.ExchangeLog;
using Interop.Hub.Services;

namespace Interop.Hub.Tests.ExchangeLog;

/// <summary>The hand-written leaf is byte for byte what Google.Protobuf writes for the Exchange GetExchange answers.</summary>
public sealed class ExchangeLeafTests
{
    public static TheoryData<string> Cases => ["plain", "empty", "unicode", "long-strings", "many-subjects", "large-numbers", "refused"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_leaf_is_the_protobuf_serialisation_of_the_exchange(string name)
    {
        var record = Record(name);

        var leaf = ExchangeLeaf.ToArray(record);

        Assert.Equal(ExchangeLogService.ToExchange(record).ToByteArray(), leaf);
        Assert.True(leaf.Length <= ExchangeLeaf.MaxSize(record));
        Assert.Equal(ExchangeLogService.ToExchange(record), Interop.Hub.V1.Exchange.Parser.ParseFrom(leaf));
    }

    [Fact]
    public void Exchange_ids_carry_their_start_time_to_the_millisecond()
    {
        var start = new DateTimeOffset(2026, 11, 23, 14, 5, 6, 789, TimeSpan.Zero).AddTicks(4321);

        var window = ExchangeIds.StartWindow(ExchangeIds.New(start));

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 5, 6, 789, TimeSpan.Zero), window!.Value.From);
        Assert.Equal(window.Value.From.AddMilliseconds(1), window.Value.To);
        Assert.InRange(ExchangeRecord.ToMicroseconds(start), window.Value.From, window.Value.To.AddTicks(-1));
        Assert.Null(ExchangeIds.StartWindow(Guid.NewGuid()));
    }

    private static ExchangeRecord Record(string name)
    {
        var start = ExchangeRecord.ToMicroseconds(new DateTimeOffset(2026, 11, 23, 10, 11, 12, TimeSpan.Zero).AddTicks(1234567));
        var full = new ExchangeRecord
        {
            ExchangeId = ExchangeIds.New(start),
            StartTime = start,
            CallerAgency = "MOL",
            CallerSystem = "permits-backoffice",
            ProviderAgency = "CR",
            Method = "/interop.employers.v1.EmployerRegistry/GetEmployer",
            SubjectIds = ["16B0012345"],
            StatusCode = StatusCode.OK,
            Latency = TimeSpan.FromTicks(12_340),
            CacheHit = true,
            RequestBytes = 25,
            ResponseBytes = 312,
            RequestSha256 = Sha256Digest.From(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()),
            ResponseSha256 = Sha256Digest.From(Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray()),
            Purpose = "WORK_PERMIT_APPLICATION",
            CaseReference = "WP-2026-000123",
            OfficialId = "agent-17",
        };
        return name switch
        {
            "plain" => full,
            "empty" => new ExchangeRecord
            {
                ExchangeId = full.ExchangeId,
                StartTime = DateTimeOffset.UnixEpoch,
                CallerAgency = "",
                CallerSystem = "",
                ProviderAgency = "",
                Method = "",
            },
            "unicode" => full with { CaseReference = "dossier n° 42 — الجزائر", OfficialId = "agent-émile", SubjectIds = ["", "ü"] },
            "long-strings" => full with
            {
                CaseReference = new string('x', 43),
                OfficialId = string.Concat(Enumerable.Repeat("é", 200)),
                Method = "/" + new string('m', 300),
                SubjectIds = [new string('1', 42), new string('2', 43), string.Concat(Enumerable.Repeat("ش", 64))],
            },
            "many-subjects" => full with { SubjectIds = Enumerable.Range(0, 1000).Select(i => $"16B{i:D7}").ToArray() },
            "large-numbers" => full with
            {
                Latency = TimeSpan.FromHours(30) + TimeSpan.FromTicks(10),
                RequestBytes = long.MaxValue,
                ResponseBytes = 1L << 40,
                StartTime = new DateTimeOffset(2999, 12, 31, 23, 59, 59, TimeSpan.Zero),
            },
            "refused" => full with { StatusCode = StatusCode.PermissionDenied, ProviderAgency = "", CacheHit = false, ResponseBytes = 0 },
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }
}
