namespace Interop.Client.Tests;

public sealed class InteropClientOptionsTests
{
    [Fact]
    public void Defaults_to_the_local_hub_with_a_ten_second_deadline_and_three_retries()
    {
        var options = new InteropClientOptions();

        Assert.Equal(new Uri("http://localhost:5080"), options.Address);
        Assert.Equal(TimeSpan.FromSeconds(10), options.DefaultDeadline);
        Assert.Equal(3, options.MaxRetryAttempts);
        Assert.Null(options.Caller);
        Assert.Empty(options.ValidationErrors());
    }

    [Fact]
    public void Caller_splits_into_agency_and_system_and_joins_back()
    {
        var options = new InteropClientOptions { Caller = "MOL/permits-backoffice" };

        Assert.Equal(("MOL", "permits-backoffice"), (options.CallerAgency, options.CallerSystem));
        Assert.Equal("MOL/permits-backoffice", options.Caller);
        Assert.Empty(options.ValidationErrors());
    }

    [Fact]
    public void Caller_is_built_from_agency_and_system()
    {
        var options = new InteropClientOptions { CallerAgency = "SSF", CallerSystem = "clearance-2" };

        Assert.Equal("SSF/clearance-2", options.Caller);
    }

    [Theory]
    [InlineData("MOL", "must be of the form AGENCY/system")]
    [InlineData("mol/permits", "caller agency 'mol'")]
    [InlineData("M/permits", "caller agency 'M'")]
    [InlineData("MOL/Permits", "caller system 'Permits'")]
    [InlineData("MOL/permits/backoffice", "caller system 'permits/backoffice'")]
    [InlineData("MOL/", "caller system ''")]
    [InlineData("MOL/-permits", "caller system '-permits'")]
    public void Rejects_malformed_callers(string caller, string expected)
    {
        var options = new InteropClientOptions { Caller = caller };

        Assert.Contains(options.ValidationErrors(), error => error.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Rejects_unusable_deadlines_retries_and_addresses()
    {
        var options = new InteropClientOptions
        {
            Address = new Uri("ftp://hub.example"),
            DefaultDeadline = TimeSpan.Zero,
            MaxRetryAttempts = 5,
        };

        Assert.Equal(3, options.ValidationErrors().Count);
    }

    [Theory]
    [InlineData("work_permit", null, null, "purpose")]
    [InlineData("WORK PERMIT", null, null, "purpose")]
    [InlineData(null, "file 12", null, "case reference")]
    [InlineData(null, "-12", null, "case reference")]
    [InlineData(null, null, "agent smith", "official id")]
    public void Rejects_malformed_purposes_case_references_and_official_ids(string? purpose, string? caseReference, string? officialId, string expected)
    {
        var options = new InteropClientOptions { Purpose = purpose, CaseReference = caseReference, OfficialId = officialId };

        var error = Assert.Single(options.ValidationErrors());

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_well_formed_purposes_case_references_and_official_ids()
    {
        var options = new InteropClientOptions { Purpose = "LABOUR_INSPECTION", CaseReference = "DIR/2026:00-12.a_b", OfficialId = "A1" };

        Assert.Empty(options.ValidationErrors());
    }
}
