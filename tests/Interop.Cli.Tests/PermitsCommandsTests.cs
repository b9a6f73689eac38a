using Google.Protobuf;
using Interop.Adapters.Labour;
using Interop.Permits.V1;

namespace Interop.Cli.Tests;

public sealed class PermitsCommandsTests(CliSandbox sandbox) : IClassFixture<CliSandbox>
{
    [Fact]
    public async Task Get_prints_the_permit_and_its_decisions()
    {
        var permit = sandbox.Permits[0];

        var run = await sandbox.RunAsync("permits", "get", permit.NumeroPermis);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Stderr);
        Assert.Contains($"permits/{permit.NumeroPermis}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"employers/{permit.NumRc}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Decisions", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("source MOL", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_with_json_prints_the_response_message()
    {
        var permit = sandbox.Permits[1];

        var run = await sandbox.RunAsync("permits", "get", $"permits/{permit.NumeroPermis}", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var response = JsonParser.Default.Parse<GetPermitResponse>(run.Stdout);
        Assert.Equal(permit.NumeroPermis, response.Permit.PermitNumber);
        Assert.Equal($"employers/{permit.NumRc}", response.Permit.Employer);
        Assert.Equal(permit.NumeroSuivi, response.Permit.TrackingNumber);
        Assert.Equal("MOL", response.Provenance.ProviderAgency);
    }

    [Fact]
    public async Task Get_of_an_unknown_permit_exits_with_not_found()
    {
        var run = await sandbox.RunAsync("permits", "get", "WP-1999-0000000");

        Assert.Equal(15, run.ExitCode);
        Assert.StartsWith("error: NOT_FOUND: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_of_a_malformed_permit_number_exits_with_invalid_argument_naming_the_field()
    {
        var run = await sandbox.RunAsync("permits", "get", "WP-25-1");

        Assert.Equal(13, run.ExitCode);
        Assert.Contains("field name: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_by_employer_pages_through_every_permit_in_permit_number_order()
    {
        var (registryNumber, expected) = EmployerWithMostPermits();
        Assert.True(expected.Count >= 3, "The sandbox should give some employer at least three permits.");

        var first = await ListAsync("--employer", registryNumber, "--page-size", "2", "--json");
        var second = await ListAsync("--employer", registryNumber, "--page-size", "2", "--page-token", first.NextPageToken, "--json");
        var all = await ListAsync("--employer", $"employers/{registryNumber}", "--page-size", "2", "--all", "--json");

        Assert.Equal(expected.Take(2), first.Permits.Select(p => p.PermitNumber));
        Assert.NotEmpty(first.NextPageToken);
        Assert.Equal(expected.Skip(2).Take(2), second.Permits.Select(p => p.PermitNumber));
        Assert.Equal(expected, all.Permits.Select(p => p.PermitNumber));
        Assert.Empty(all.NextPageToken);
        Assert.All(all.Permits, p => Assert.Equal($"employers/{registryNumber}", p.Employer));
    }

    [Fact]
    public async Task List_by_employer_tells_a_human_how_to_get_the_next_page()
    {
        var (registryNumber, expected) = EmployerWithMostPermits();

        var run = await sandbox.RunAsync("permits", "list", "--employer", registryNumber, "--page-size", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(expected[0], run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(expected[1], run.Stdout, StringComparison.Ordinal);
        Assert.Contains("More permits: --page-token ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 permit", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_by_travel_document_prints_every_permit_of_the_worker()
    {
        var worker = sandbox.Workers
            .OrderByDescending(w => sandbox.Permits.Count(p => p.IdTravailleur == w.IdTravailleur))
            .First();
        var expected = sandbox.Permits.Where(p => p.IdTravailleur == worker.IdTravailleur).Select(p => p.NumeroPermis).ToHashSet();
        var type = worker.TypeDocument switch
        {
            TypeDocument.Passeport => "passport",
            TypeDocument.TitreVoyageRefugie => "REFUGEE_TRAVEL_DOCUMENT",
            _ => "laissez-passer",
        };

        var response = await ListWorkerAsync(
            "--document-type", type, "--document-number", worker.NumDocument, "--nationality", worker.CodeNationalite, "--json");

        Assert.Equal(expected, response.Permits.Select(p => p.PermitNumber).ToHashSet());
        Assert.All(response.Permits, p => Assert.Equal(worker.NumDocument, p.Worker.TravelDocument.Number));
        Assert.Equal("MOL", response.Provenance.ProviderAgency);
    }

    [Theory]
    [InlineData("permits", "list")]
    [InlineData("permits", "list", "--employer", "16B0012345", "--document-number", "AB123456", "--nationality", "EGY")]
    [InlineData("permits", "list", "--document-number", "AB123456")]
    [InlineData("permits", "list", "--document-number", "AB123456", "--nationality", "EGY", "--all")]
    [InlineData("permits", "list", "--employer", "16B0012345", "--nationality", "EGY")]
    [InlineData("permits", "list", "--document-number", "AB123456", "--nationality", "EGY", "--document-type", "visa")]
    public async Task List_with_contradictory_or_missing_selectors_is_a_usage_error(params string[] args)
    {
        var run = await sandbox.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    private (string RegistryNumber, List<string> PermitNumbers) EmployerWithMostPermits()
    {
        var group = sandbox.Permits.GroupBy(p => p.NumRc).MaxBy(g => g.Count())!;
        return (group.Key, [.. group.Select(p => p.NumeroPermis).Order(StringComparer.Ordinal)]);
    }

    private async Task<ListEmployerPermitsResponse> ListAsync(params string[] options)
    {
        var run = await sandbox.RunAsync(["permits", "list", .. options]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Stderr);
        return JsonParser.Default.Parse<ListEmployerPermitsResponse>(run.Stdout);
    }

    private async Task<ListWorkerPermitsResponse> ListWorkerAsync(params string[] options)
    {
        var run = await sandbox.RunAsync(["permits", "list", .. options]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Stderr);
        return JsonParser.Default.Parse<ListWorkerPermitsResponse>(run.Stdout);
    }
}
