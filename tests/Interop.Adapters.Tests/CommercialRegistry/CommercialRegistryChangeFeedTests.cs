using Interop.Adapters.CommercialRegistry;
using Interop.Ports;
using Npgsql;

namespace Interop.Adapters.Tests.CommercialRegistry;

/// <summary>The registry announces committed changes through its outbox, in order, resumably.</summary>
public sealed class CommercialRegistryChangeFeedTests(CommercialRegistryDatabaseFixture database)
    : IClassFixture<CommercialRegistryDatabaseFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_update_committed_after_the_feed_is_live_is_announced_with_the_registry_number()
    {
        var numRc = database.Data.Entreprises.First().NumRc;
        await using var follower = await ChangeFollower.StartAsync(new CommercialRegistryChangeFeed(database.DataSource), after: null);

        await ExecuteAsync("UPDATE rc_entreprise SET effectif_declare = effectif_declare + 1 WHERE num_rc = $1", numRc);

        var notice = await follower.NextNoticeAsync(Patience);
        Assert.Equal(new ChangeNotice(AgencyCodes.CommercialRegistry, ChangeKind.Employer, [numRc]), notice, ChangeFollower.NoticeComparer);
    }

    [Fact]
    public async Task A_follower_resuming_from_its_position_gets_the_changes_committed_while_it_was_away()
    {
        var numbers = database.Data.Entreprises.Skip(10).Take(2).Select(e => e.NumRc).ToArray();
        long position;
        await using (var first = await ChangeFollower.StartAsync(new CommercialRegistryChangeFeed(database.DataSource), after: null))
        {
            position = first.Position;
        }

        foreach (var number in numbers)
        {
            await ExecuteAsync("UPDATE rc_entreprise SET effectif_declare = effectif_declare + 1 WHERE num_rc = $1", number);
        }

        await using var resumed = await ChangeFollower.StartAsync(new CommercialRegistryChangeFeed(database.DataSource), position);
        Assert.Equal(numbers, resumed.Caught.Select(n => n.Keys.Single()));
    }

    [Fact]
    public async Task A_change_committed_while_the_feed_was_cut_off_is_announced_once_it_reconnects()
    {
        var numRc = database.Data.Entreprises.ElementAt(30).NumRc;
        const string FeedName = "feed-cut-off-test";
        var builder = new NpgsqlDataSourceBuilder(database.ConnectionString);
        builder.ConnectionStringBuilder.ApplicationName = FeedName;
        await using var feedSource = builder.Build();
        await using var follower = await ChangeFollower.StartAsync(new CommercialRegistryChangeFeed(feedSource), after: null);

        // The feed's connection is killed and the change committed before it can reconnect: no notification reaches it.
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1") { Parameters = { new NpgsqlParameter<string> { TypedValue = FeedName } } },
                new NpgsqlBatchCommand("UPDATE rc_entreprise SET effectif_declare = effectif_declare + 1 WHERE num_rc = $1") { Parameters = { new NpgsqlParameter<string> { TypedValue = numRc } } },
            },
        })
        {
            await batch.ExecuteNonQueryAsync();
        }

        Assert.Equal(numRc, (await follower.NextNoticeAsync(Patience)).Keys.Single());
        Assert.Contains(ChangeFeedState.Interrupted, follower.States);
    }

    [Fact]
    public async Task A_row_the_feed_cannot_read_interrupts_it_rather_than_ending_it_unannounced()
    {
        var unreadable = database.Data.Entreprises.ElementAt(31).NumRc;
        await using var follower = await ChangeFollower.StartAsync(new UnreadableRowFeed(database.DataSource, unreadable), after: null);

        await ExecuteAsync("UPDATE rc_entreprise SET effectif_declare = effectif_declare + 1 WHERE num_rc = $1", unreadable);

        // Until then the agency's answers may be served from cache: the follower must hear that the feed stopped.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!follower.States.Contains(ChangeFeedState.Interrupted) && waited.Elapsed < Patience)
        {
            await Task.Delay(20);
        }

        Assert.Contains(ChangeFeedState.Interrupted, follower.States);
    }

    [Fact]
    public async Task A_change_whose_transaction_commits_after_a_later_sequence_is_not_skipped()
    {
        var (older, newer) = (database.Data.Entreprises.ElementAt(20).NumRc, database.Data.Entreprises.ElementAt(21).NumRc);
        await using var follower = await ChangeFollower.StartAsync(new CommercialRegistryChangeFeed(database.DataSource), after: null);

        // The first transaction takes the lower sequence but commits last.
        await using var slow = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand("UPDATE rc_entreprise SET effectif_declare = effectif_declare + 1 WHERE num_rc = $1", slow, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = older });
            await update.ExecuteNonQueryAsync();
        }

        await ExecuteAsync("UPDATE rc_entreprise SET effectif_declare = effectif_declare + 1 WHERE num_rc = $1", newer);
        Assert.Equal(newer, (await follower.NextNoticeAsync(Patience)).Keys.Single());
        await transaction.CommitAsync();

        Assert.Equal(older, (await follower.NextNoticeAsync(Patience)).Keys.Single());
    }

    [Fact]
    public async Task A_position_the_outbox_never_reached_is_reported_lost_and_the_feed_goes_on_from_the_head()
    {
        await using var follower = await ChangeFollower.StartAsync(new CommercialRegistryChangeFeed(database.DataSource), after: 1_000_000_000);

        Assert.Contains(ChangeFeedState.PositionLost, follower.States);
        Assert.True(follower.Position < 1_000_000_000);
    }

    [Fact]
    public async Task A_renamed_wilaya_changes_every_employer()
    {
        await using var follower = await ChangeFollower.StartAsync(new CommercialRegistryChangeFeed(database.DataSource), after: null);

        await ExecuteAsync("UPDATE rc_wilaya SET libelle_wilaya = libelle_wilaya WHERE code_wilaya = $1", (short)16);

        Assert.Equal(ChangeKind.Everything, (await follower.NextNoticeAsync(Patience)).Kind);
    }

    private async Task ExecuteAsync<T>(string sql, T parameter)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = parameter });
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>The registry's feed, but with a row it cannot read: a bug, or a row its code does not expect.</summary>
internal sealed class UnreadableRowFeed(NpgsqlDataSource dataSource, string unreadableNumRc)
    : Interop.Adapters.Outbox.PostgresOutboxFeed(dataSource, AgencyCodes.CommercialRegistry, "cr_changes", "entity, num_rc", "cr_changes")
{
    protected override IEnumerable<ChangeNotice> ReadNotices(NpgsqlDataReader reader) =>
        reader.GetString(2) == unreadableNumRc
            ? throw new InvalidCastException($"cannot read the change of {unreadableNumRc}")
            : [new ChangeNotice(AgencyCode, ChangeKind.Employer, [reader.GetString(2)])];
}
