using System.Collections.Frozen;

namespace Interop.Hub.Web;

/// <summary>The public pages' words in the three languages a reader may choose: Arabic (right to left), French, English.</summary>
public sealed class PageText
{
    public static readonly FrozenDictionary<string, PageText> Languages = new Dictionary<string, PageText>
    {
        ["ar"] = new()
        {
            Code = "ar",
            Direction = "rtl",
            LanguageName = "العربية",
            Fund = "صندوق الضمان الاجتماعي",
            CertificateTitle = "شهادة براءة الذمة",
            VerifyTitle = "التحقق من شهادة براءة الذمة",
            Attestation = "يشهد الصندوق بأن صاحب العمل المذكور أدناه قد أدى ما عليه من اشتراكات إلى غاية التاريخ المبين.",
            EnterCode = "رمز التحقق المطبوع على الشهادة",
            Check = "تحقق",
            Valid = "صالحة",
            Expired = "منتهية الصلاحية",
            Revoked = "ملغاة",
            Unknown = "غير معروفة: لا توجد شهادة بهذا الرمز",
            Tampered = "مزورة أو معدلة: التوقيع غير صحيح",
            Mistyped = "الرمز غير صحيح: تحقق من الكتابة",
            TooMany = "طلبات كثيرة جدا من هذا العنوان؛ أعد المحاولة بعد دقيقة.",
            LegalName = "الاسم القانوني",
            RegistryNumber = "رقم السجل التجاري",
            SocialSecurityNumber = "رقم المستخدم لدى الصندوق",
            Purpose = "الغرض",
            IssuedAt = "تاريخ الإصدار",
            ValidUntil = "صالحة إلى غاية",
            StandingAsOf = "الوضعية بتاريخ",
            LastPaidPeriod = "آخر فترة مدفوعة",
            VerificationCode = "رمز التحقق",
            RevokedOn = "ألغيت في",
            Reason = "السبب",
            VerifyAt = "للتحقق: امسح الرمز أو أدخل رمز التحقق في",
            Print = "طباعة",
            Purposes = new Dictionary<string, string>
            {
                ["WORK_PERMIT_APPLICATION"] = "طلب رخصة عمل",
                ["PUBLIC_PROCUREMENT"] = "الصفقات العمومية",
                ["COMPANY_CLOSURE"] = "غلق المؤسسة",
            }.ToFrozenDictionary(),
        },
        ["fr"] = new()
        {
            Code = "fr",
            Direction = "ltr",
            LanguageName = "Français",
            Fund = "Caisse de sécurité sociale",
            CertificateTitle = "Attestation de mise à jour",
            VerifyTitle = "Vérifier une attestation de mise à jour",
            Attestation = "La Caisse atteste que l'employeur ci-dessous est à jour de ses cotisations à la date indiquée.",
            EnterCode = "Code de vérification imprimé sur l'attestation",
            Check = "Vérifier",
            Valid = "VALIDE",
            Expired = "EXPIRÉE",
            Revoked = "RÉVOQUÉE",
            Unknown = "INCONNUE : aucune attestation ne porte ce code",
            Tampered = "FALSIFIÉE : la signature ne correspond pas",
            Mistyped = "Code mal saisi : vérifiez-le",
            TooMany = "Trop de vérifications depuis cette adresse ; réessayez dans une minute.",
            LegalName = "Raison sociale",
            RegistryNumber = "N° du registre du commerce",
            SocialSecurityNumber = "N° employeur à la Caisse",
            Purpose = "Objet",
            IssuedAt = "Délivrée le",
            ValidUntil = "Valable jusqu'au",
            StandingAsOf = "Situation au",
            LastPaidPeriod = "Dernière période payée",
            VerificationCode = "Code de vérification",
            RevokedOn = "Révoquée le",
            Reason = "Motif",
            VerifyAt = "Pour vérifier : scannez le code QR ou saisissez le code de vérification sur",
            Print = "Imprimer",
            Purposes = new Dictionary<string, string>
            {
                ["WORK_PERMIT_APPLICATION"] = "Demande de permis de travail",
                ["PUBLIC_PROCUREMENT"] = "Marchés publics",
                ["COMPANY_CLOSURE"] = "Cessation d'activité",
            }.ToFrozenDictionary(),
        },
        ["en"] = new()
        {
            Code = "en",
            Direction = "ltr",
            LanguageName = "English",
            Fund = "Social Security Fund",
            CertificateTitle = "Clearance certificate",
            VerifyTitle = "Verify a clearance certificate",
            Attestation = "The Fund attests that the employer below is up to date with its contributions as of the date shown.",
            EnterCode = "Verification code printed on the certificate",
            Check = "Verify",
            Valid = "VALID",
            Expired = "EXPIRED",
            Revoked = "REVOKED",
            Unknown = "UNKNOWN: no certificate has this code",
            Tampered = "TAMPERED: the signature does not match",
            Mistyped = "Mistyped code: please check it",
            TooMany = "Too many lookups from this address; try again in a minute.",
            LegalName = "Legal name",
            RegistryNumber = "Commercial registry number",
            SocialSecurityNumber = "Fund employer number",
            Purpose = "Purpose",
            IssuedAt = "Issued",
            ValidUntil = "Valid until",
            StandingAsOf = "Standing as of",
            LastPaidPeriod = "Last paid period",
            VerificationCode = "Verification code",
            RevokedOn = "Revoked on",
            Reason = "Reason",
            VerifyAt = "To verify: scan the QR code or enter the verification code at",
            Print = "Print",
            Purposes = new Dictionary<string, string>
            {
                ["WORK_PERMIT_APPLICATION"] = "Work permit application",
                ["PUBLIC_PROCUREMENT"] = "Public procurement",
                ["COMPANY_CLOSURE"] = "Company closure",
            }.ToFrozenDictionary(),
        },
    }.ToFrozenDictionary();

    public required string Code { get; init; }
    public required string Direction { get; init; }
    public required string LanguageName { get; init; }
    public required string Fund { get; init; }
    public required string CertificateTitle { get; init; }
    public required string VerifyTitle { get; init; }
    public required string Attestation { get; init; }
    public required string EnterCode { get; init; }
    public required string Check { get; init; }
    public required string Valid { get; init; }
    public required string Expired { get; init; }
    public required string Revoked { get; init; }
    public required string Unknown { get; init; }
    public required string Tampered { get; init; }
    public required string Mistyped { get; init; }
    public required string TooMany { get; init; }
    public required string LegalName { get; init; }
    public required string RegistryNumber { get; init; }
    public required string SocialSecurityNumber { get; init; }
    public required string Purpose { get; init; }
    public required string IssuedAt { get; init; }
    public required string ValidUntil { get; init; }
    public required string StandingAsOf { get; init; }
    public required string LastPaidPeriod { get; init; }
    public required string VerificationCode { get; init; }
    public required string RevokedOn { get; init; }
    public required string Reason { get; init; }
    public required string VerifyAt { get; init; }
    public required string Print { get; init; }
    public required FrozenDictionary<string, string> Purposes { get; init; }

    /// <summary>The language asked for by <c>?lang=</c>, else the first of ours in Accept-Language, else English.</summary>
    public static PageText For(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Query["lang"].ToString() is { Length: > 0 } asked && Languages.TryGetValue(asked, out var chosen))
        {
            return chosen;
        }

        foreach (var language in request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1))
        {
            var primary = language.Value.Value?.Split('-')[0].ToLowerInvariant();
            if (primary is not null && Languages.TryGetValue(primary, out var accepted))
            {
                return accepted;
            }
        }

        return Languages["en"];
    }

    public string PurposeName(string purpose) => Purposes.GetValueOrDefault(purpose, purpose);
}
