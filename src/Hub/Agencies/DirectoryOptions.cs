using System.ComponentModel.DataAnnotations;

namespace Interop.Hub.Agencies;

/// <summary>The agencies connected to the hub (configuration section "Directory").</summary>
public sealed class DirectoryOptions
{
    public const string Section = "Directory";

    [MinLength(1, ErrorMessage = "Directory:Agencies must list at least one agency (Code and DisplayName).")]
    public List<AgencyEntry> Agencies { get; set; } = [];
}

public sealed class AgencyEntry
{
    /// <summary>Short code, 2-10 of A-Z and 0-9, e.g. "MOL".</summary>
    [Required]
    [RegularExpression("^[A-Z0-9]{2,10}$", ErrorMessage = "Directory:Agencies:N:Code must be 2-10 of A-Z and 0-9, e.g. MOL.")]
    public string Code { get; set; } = "";

    [Required]
    public string DisplayName { get; set; } = "";
}
