namespace Interop.Hub.Identity;

/// <summary>Who is calling: an agency and one of its systems, e.g. MOL / permits-backoffice.</summary>
public sealed record CallerIdentity(string AgencyCode, string System)
{
    public override string ToString() => $"{AgencyCode}/{System}";
}
