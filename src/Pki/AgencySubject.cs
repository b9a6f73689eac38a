using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Interop.Pki;

/// <summary>
/// How an agency system's certificate names it: the subject's Organization (O) is the agency code and its
/// Common Name (CN) the system name, e.g. <c>CN=permits-backoffice, O=MOL</c>. Each appears exactly once;
/// nothing else in the subject counts, so an agency's own CSR may carry its country or locality too.
/// </summary>
public static partial class AgencySubject
{
    public const string OrganizationOid = "2.5.4.10";
    public const string CommonNameOid = "2.5.4.3";

    public static bool IsAgencyCode([NotNullWhen(true)] string? value) => value is not null && AgencyPattern().IsMatch(value);

    public static bool IsSystemName([NotNullWhen(true)] string? value) => value is not null && SystemPattern().IsMatch(value);

    /// <exception cref="ArgumentException">The agency code or system name does not follow the hub's rules.</exception>
    public static X500DistinguishedName Build(string agencyCode, string system)
    {
        if (!IsAgencyCode(agencyCode))
        {
            throw new ArgumentException($"The agency code '{agencyCode}' must be 2-10 of A-Z and 0-9, e.g. MOL.", nameof(agencyCode));
        }

        if (!IsSystemName(system))
        {
            throw new ArgumentException(
                $"The system name '{system}' must be 1-40 of a-z, 0-9 and '-', starting with a letter or digit, e.g. permits-backoffice.",
                nameof(system));
        }

        // The builder encodes the last name added first: this gives the usual order, O before CN (openssl: /O=MOL/CN=...).
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(system);
        builder.AddOrganizationName(agencyCode);
        return builder.Build();
    }

    /// <summary>Reads the agency code and system name; false when either is missing, repeated or malformed.</summary>
    public static bool TryRead(
        X500DistinguishedName subject,
        [NotNullWhen(true)] out string? agencyCode,
        [NotNullWhen(true)] out string? system)
    {
        ArgumentNullException.ThrowIfNull(subject);
        agencyCode = null;
        system = null;
        var organizations = 0;
        var commonNames = 0;
        foreach (var name in subject.EnumerateRelativeDistinguishedNames())
        {
            if (name.HasMultipleElements)
            {
                continue;
            }

            switch (name.GetSingleElementType().Value)
            {
                case OrganizationOid:
                    organizations++;
                    agencyCode = name.GetSingleElementValue();
                    break;
                case CommonNameOid:
                    commonNames++;
                    system = name.GetSingleElementValue();
                    break;
            }
        }

        if (organizations != 1 || commonNames != 1 || !IsAgencyCode(agencyCode) || !IsSystemName(system))
        {
            agencyCode = null;
            system = null;
            return false;
        }

        return true;
    }

    [GeneratedRegex("^[A-Z0-9]{2,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex AgencyPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex SystemPattern();
}
