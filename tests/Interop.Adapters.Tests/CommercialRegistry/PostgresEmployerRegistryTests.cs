using Interop.Adapters.CommercialRegistry;
using Interop.Employers.V1;
using Interop.Ports;
using Npgsql;

namespace Interop.Adapters.Tests.CommercialRegistry;

public sealed class PostgresEmployerRegistryTests(CommercialRegistryDatabaseFixture fixture)
    : IClassFixture<CommercialRegistryDatabaseFixture>
{
    private readonly PostgresEmployerRegistry _registry = new(fixture.DataSource);

    [Fact]
    public async Task Gets_an_employer_by_registry_number()
    {
        var profile = fixture.Population.Employer(7);

        var found = await _registry.GetEmployerAsync(profile.RegistryNumber, CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal(ExpectedEmployers.From(profile), found.Value.Record);
        Assert.Equal(profile.RegistryUpdatedAt, found.Value.SourceUpdateTime);
    }

    [Fact]
    public async Task Every_loaded_employer_is_served_as_its_profile_says()
    {
        var profiles = fixture.Population.Employers().ToList();

        var found = await _registry.GetEmployersAsync(profiles.Select(p => p.RegistryNumber).ToList(), CancellationToken.None);

        Assert.Equal(profiles.Select(ExpectedEmployers.From), found.Select(f => f?.Record));
        Assert.Equal(profiles.Select(p => p.RegistryUpdatedAt), found.Select(f => f!.Value.SourceUpdateTime));
        Assert.Contains(found, f => f!.Value.Record.Status == EmployerStatus.StruckOff);
        Assert.Contains(found, f => f!.Value.Record.SocialSecurityNumber == "");
    }

    [Theory]
    [InlineData("16B9999999")]
    [InlineData("16b0012345")]
    [InlineData("")]
    [InlineData("employers/16B0012345")]
    public async Task Unknown_or_malformed_registry_number_is_not_found(string registryNumber)
    {
        var found = await _registry.GetEmployerAsync(registryNumber, CancellationToken.None);

        Assert.Null(found);
    }

    [Fact]
    public async Task Batch_answers_in_request_order_with_duplicates_and_unknowns()
    {
        var first = fixture.Population.Employer(3).RegistryNumber;
        var second = fixture.Population.Employer(250).RegistryNumber;
        var third = fixture.Population.Employer(499).RegistryNumber;
        string[] requested = [second, "16B9999999", first, second, third, ""];

        var found = await _registry.GetEmployersAsync(requested, CancellationToken.None);

        Assert.Equal(
            [second, null, first, second, third, null],
            found.Select(f => f?.Record.RegistryNumber));
        Assert.Equal(found[0]!.Value.Record, found[3]!.Value.Record);
        Assert.NotSame(found[0]!.Value.Record, found[3]!.Value.Record);
    }

    [Fact]
    public async Task Empty_batch_gives_no_results()
    {
        var found = await _registry.GetEmployersAsync([], CancellationToken.None);

        Assert.Empty(found);
    }

    [Fact]
    public async Task Batch_of_only_unknown_numbers_gives_nulls()
    {
        var found = await _registry.GetEmployersAsync(["16B9999999", "31A0000000"], CancellationToken.None);

        Assert.Equal([null, null], found);
    }

    [Fact]
    public async Task Lookups_use_prepared_statements()
    {
        await using var singleConnection = new NpgsqlDataSourceBuilder(fixture.ConnectionString)
        {
            ConnectionStringBuilder = { MaxPoolSize = 1 },
        }.Build();
        var registry = new PostgresEmployerRegistry(singleConnection);
        var number = fixture.Population.Employer(1).RegistryNumber;

        await registry.GetEmployerAsync(number, CancellationToken.None);
        await registry.GetEmployersAsync([number], CancellationToken.None);

        // The pool has one physical connection: it is the one the registry prepared its statements on.
        await using var command = singleConnection.CreateCommand(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM rc_entreprise e%'");
        Assert.Equal(2L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Unreachable_database_is_reported_as_the_registry_being_unavailable()
    {
        await using var unreachable = NpgsqlDataSource.Create(
            "Host=127.0.0.1;Port=1;Username=interop;Password=interop;Database=registry;Timeout=3");
        var registry = new PostgresEmployerRegistry(unreachable);

        var single = await Assert.ThrowsAsync<AgencyUnavailableException>(
            () => registry.GetEmployerAsync("16B0012345", CancellationToken.None));
        var batch = await Assert.ThrowsAsync<AgencyUnavailableException>(
            () => registry.GetEmployersAsync(["16B0012345"], CancellationToken.None));

        Assert.Equal(AgencyCodes.CommercialRegistry, single.AgencyCode);
        Assert.Equal(AgencyCodes.CommercialRegistry, batch.AgencyCode);
        Assert.NotNull(single.InnerException);
    }

    [Fact]
    public async Task Cancelled_request_is_cancelled_not_unavailable()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var number = fixture.Population.Employer(1).RegistryNumber;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _registry.GetEmployerAsync(number, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _registry.GetEmployersAsync([number], cancelled.Token));
    }

    [Fact]
    public async Task Query_waiting_on_the_database_is_cancelled_when_the_caller_gives_up()
    {
        var number = fixture.Population.Employer(2).RegistryNumber;
        await using var locker = await fixture.DataSource.OpenConnectionAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE rc_entreprise IN ACCESS EXCLUSIVE MODE", locker, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _registry.GetEmployerAsync(number, timeout.Token));
        await transaction.RollbackAsync();

        Assert.NotNull(await _registry.GetEmployerAsync(number, CancellationToken.None));
    }
}
