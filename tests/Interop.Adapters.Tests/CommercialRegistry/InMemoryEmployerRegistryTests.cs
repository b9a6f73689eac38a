using Interop.Adapters.CommercialRegistry;

namespace Interop.Adapters.Tests.CommercialRegistry;

public sealed class InMemoryEmployerRegistryTests(CommercialRegistryDatabaseFixture fixture)
    : IClassFixture<CommercialRegistryDatabaseFixture>
{
    private readonly InMemoryEmployerRegistry _registry = new(fixture.Data);

    [Fact]
    public async Task Serves_the_same_employers_as_the_database()
    {
        var requested = fixture.Population.Employers().Select(p => p.RegistryNumber)
            .Append("16B9999999").Append(fixture.Population.Employer(0).RegistryNumber).ToList();

        var fromMemory = await _registry.GetEmployersAsync(requested, CancellationToken.None);
        var fromDatabase = await new PostgresEmployerRegistry(fixture.DataSource).GetEmployersAsync(requested, CancellationToken.None);

        Assert.Equal(fromDatabase, fromMemory);
        Assert.Null(fromMemory[^2]);
    }

    [Fact]
    public async Task Gets_one_employer_as_the_database_does()
    {
        var number = fixture.Population.Employer(42).RegistryNumber;

        var fromMemory = await _registry.GetEmployerAsync(number, CancellationToken.None);
        var fromDatabase = await new PostgresEmployerRegistry(fixture.DataSource).GetEmployerAsync(number, CancellationToken.None);

        Assert.NotNull(fromMemory);
        Assert.Equal(fromDatabase, fromMemory);
        Assert.Equal(ExpectedEmployers.From(fixture.Population.Employer(42)), fromMemory.Value.Record);
    }

    [Fact]
    public async Task Unknown_number_is_not_found()
    {
        Assert.Null(await _registry.GetEmployerAsync("16B9999999", CancellationToken.None));
    }

    [Fact]
    public async Task Every_result_is_a_message_of_its_own()
    {
        var number = fixture.Population.Employer(5).RegistryNumber;

        var found = await _registry.GetEmployersAsync([number, number], CancellationToken.None);
        var again = await _registry.GetEmployerAsync(number, CancellationToken.None);

        Assert.NotSame(found[0]!.Value.Record, found[1]!.Value.Record);
        Assert.NotSame(found[0]!.Value.Record, again!.Value.Record);
    }

    [Fact]
    public async Task Cancelled_request_is_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _registry.GetEmployerAsync("16B0012345", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _registry.GetEmployersAsync(["16B0012345"], cancelled.Token));
    }

    [Fact]
    public void Rejects_an_employer_in_an_unknown_wilaya()
    {
        var entreprise = fixture.Data.Entreprises.First();
        var data = new CommercialRegistryData([], [entreprise]);

        Assert.Throws<ArgumentException>(() => new InMemoryEmployerRegistry(data));
    }
}
