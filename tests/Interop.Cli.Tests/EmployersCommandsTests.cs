using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Interop.Employers.V1;

namespace Interop.Cli.Tests;

public sealed class EmployersCommandsTests(CliSandbox sandbox) : IClassFixture<CliSandbox>
{
    /// <summary>Well formed, but no sandbox employer has it (region 99 does not exist).</summary>
    private const string UnknownRegistryNumber = "99F9999999";

    private static readonly JsonParser StatusParser =
        new(JsonParser.Settings.Default.WithTypeRegistry(TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor)));

    [Fact]
    public async Task Get_prints_the_employer_as_a_table_with_its_provenance()
    {
        var employer = sandbox.Population.Employer(0);

        var run = await sandbox.RunAsync("employers", "get", employer.RegistryNumber);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Stderr);
        Assert.Contains($"employers/{employer.RegistryNumber}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(employer.LegalNameLatin, run.Stdout, StringComparison.Ordinal);
        Assert.Contains(employer.TaxId, run.Stdout, StringComparison.Ordinal);
        Assert.Contains("source CR", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("exchange ", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_with_json_prints_the_response_message()
    {
        var employer = sandbox.Population.Employer(1);

        var run = await sandbox.RunAsync("employers", "get", $"employers/{employer.RegistryNumber}", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var response = JsonParser.Default.Parse<GetEmployerResponse>(run.Stdout);
        Assert.Equal(employer.RegistryNumber, response.Employer.RegistryNumber);
        Assert.Equal(employer.LegalNameLatin, response.Employer.LegalNameLatin);
        Assert.Equal("CR", response.Provenance.ProviderAgency);
        Assert.NotEmpty(response.Provenance.ExchangeId);
    }

    [Fact]
    public async Task Get_of_an_unknown_employer_exits_with_not_found()
    {
        var run = await sandbox.RunAsync("employers", "get", UnknownRegistryNumber);

        Assert.Equal(15, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.StartsWith("error: NOT_FOUND: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("reason: RESOURCE_NOT_FOUND", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("exchange: ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_of_an_unknown_employer_with_json_prints_the_status_on_stderr()
    {
        var run = await sandbox.RunAsync("employers", "get", UnknownRegistryNumber, "--json");

        Assert.Equal(15, run.ExitCode);
        var status = StatusParser.Parse<Status>(run.Stderr);
        Assert.Equal((int)Grpc.Core.StatusCode.NotFound, status.Code);
        Assert.Equal("RESOURCE_NOT_FOUND", status.GetDetail<ErrorInfo>()?.Reason);
    }

    [Fact]
    public async Task Get_of_a_malformed_id_exits_with_invalid_argument_naming_the_field()
    {
        var run = await sandbox.RunAsync("employers", "get", "16X12");

        Assert.Equal(13, run.ExitCode);
        Assert.StartsWith("error: INVALID_ARGUMENT: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("field name: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("16X12", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_get_reports_an_unknown_id_in_its_own_row_and_exits_with_partial_failure()
    {
        var first = sandbox.Population.Employer(2);
        var second = sandbox.Population.Employer(3);

        var run = await sandbox.RunAsync("employers", "batch-get", first.RegistryNumber, UnknownRegistryNumber, second.RegistryNumber);

        Assert.Equal(ExitCodes.PartialFailure, run.ExitCode);
        Assert.Contains(first.LegalNameLatin, run.Stdout, StringComparison.Ordinal);
        Assert.Contains(second.LegalNameLatin, run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"employers/{UnknownRegistryNumber}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("NOT_FOUND", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_get_with_json_keeps_request_order_and_reports_errors_per_name()
    {
        var first = sandbox.Population.Employer(4);
        var second = sandbox.Population.Employer(5);

        var run = await sandbox.RunAsync(
            "employers", "batch-get", first.RegistryNumber, UnknownRegistryNumber, second.RegistryNumber, "--json");

        Assert.Equal(ExitCodes.PartialFailure, run.ExitCode);
        var response = StatusParser.Parse<BatchGetEmployersResponse>(run.Stdout);
        Assert.Equal(
            [$"employers/{first.RegistryNumber}", $"employers/{UnknownRegistryNumber}", $"employers/{second.RegistryNumber}"],
            response.Results.Select(r => r.RequestedName));
        Assert.Equal(first.RegistryNumber, response.Results[0].Employer.RegistryNumber);
        Assert.Equal((int)Grpc.Core.StatusCode.NotFound, response.Results[1].Error.Code);
        Assert.Equal(second.RegistryNumber, response.Results[2].Employer.RegistryNumber);
    }

    [Fact]
    public async Task Batch_get_reads_ids_from_a_file()
    {
        var employers = Enumerable.Range(10, 5).Select(sandbox.Population.Employer).ToList();
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(path,
            [
                "# employers to check",
                .. employers.Take(3).Select(e => e.RegistryNumber),
                string.Empty,
                $"employers/{employers[3].RegistryNumber}  # a resource name works too",
            ]);

            var run = await sandbox.RunAsync("employers", "batch-get", $"@{path}", employers[4].RegistryNumber, "--json");

            Assert.Equal(ExitCodes.Success, run.ExitCode);
            var response = StatusParser.Parse<BatchGetEmployersResponse>(run.Stdout);
            Assert.Equal(employers.Select(e => e.RegistryNumber), response.Results.Select(r => r.Employer.RegistryNumber));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Batch_get_of_a_missing_file_is_a_usage_error()
    {
        var run = await sandbox.RunAsync("employers", "batch-get", "@/nonexistent/ids.txt");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("/nonexistent/ids.txt", run.Stderr, StringComparison.Ordinal);
    }
}
