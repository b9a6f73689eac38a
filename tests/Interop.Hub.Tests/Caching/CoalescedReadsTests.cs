using System.Collections.Concurrent;
using Interop.Hub.Caching;
using StackExchange.Redis;

namespace Interop.Hub.Tests.Caching;

/// <summary>Reads gathered into batches, against a real Redis: each read gets its own entry, and none is left waiting.</summary>
public sealed class CoalescedReadsTests : IAsyncLifetime
{
    private readonly CoalescedReads _reads = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Exception> _failures = new();
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private volatile bool _available = true;
    private Task _running = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        var configuration = ConfigurationOptions.Parse(_redis.Configuration);
        configuration.AbortOnConnectFail = false;
        configuration.AsyncTimeout = 1000;
        _connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        _running = Task.Run(() => _reads.RunAsync(() => _available ? _connection.GetDatabase() : null, _failures.Enqueue, TimeSpan.FromSeconds(1), _stopping.Token));
    }

    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _running;
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
        _stopping.Dispose();
    }

    [Fact]
    public async Task Two_thousand_concurrent_reads_each_get_their_own_entry_or_null_for_a_missing_one()
    {
        var database = _connection.GetDatabase();
        for (var i = 0; i < 2000; i += 2)
        {
            await database.HashSetAsync($"group:{i}", "v", $"value {i}");
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() => _reads.ReadAsync($"group:{i}", "v"))));

        for (var i = 0; i < 2000; i++)
        {
            Assert.Equal(i % 2 == 0 ? $"value {i}" : null, (string?)answers[i]);
        }

        Assert.Empty(_failures);
    }

    [Fact]
    public async Task While_redis_is_not_worth_asking_reads_are_answered_null_at_once()
    {
        await _connection.GetDatabase().HashSetAsync("group:x", "v", "cached");
        _available = false;

        var answer = await _reads.ReadAsync("group:x", "v").WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(answer.IsNull);
        _available = true;
        Assert.Equal("cached", (string?)await _reads.ReadAsync("group:x", "v").WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task With_redis_stopped_reads_are_answered_null_the_failure_is_reported_and_reads_work_again_once_it_is_back()
    {
        await _connection.GetDatabase().HashSetAsync("group:y", "v", "before");
        await _redis.StopAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _reads.ReadAsync("group:y", "v")))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(answers, answer => Assert.True(answer.IsNull));
        Assert.NotEmpty(_failures);

        await _redis.RestartAsync();
        await WaitUntilConnectedAsync();
        await _connection.GetDatabase().HashSetAsync("group:y", "v", "after");
        Assert.Equal("after", (string?)await _reads.ReadAsync("group:y", "v").WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Reads_still_queued_when_the_loop_stops_are_answered_null()
    {
        await _stopping.CancelAsync();
        await _running;

        var answer = await _reads.ReadAsync("group:z", "v").WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(answer.IsNull);
    }

    private async Task WaitUntilConnectedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!_connection.IsConnected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(_connection.IsConnected, "the multiplexer did not reconnect to the restarted Redis");
    }
}
