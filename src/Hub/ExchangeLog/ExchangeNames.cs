using Interop.Hub.Errors;

namespace Interop.Hub.ExchangeLog;

/// <summary>The exchange log's resource names: <c>exchanges/{exchange_id}</c>, the id a UUID.</summary>
public static class ExchangeNames
{
    private const string Prefix = "exchanges/";

    private const string ReceiptSuffix = "/receipt";

    public static string Of(Guid exchangeId) => Prefix + exchangeId.ToString("D");

    /// <summary>The exchange id in <c>exchanges/{exchange_id}/receipt</c>.</summary>
    public static Guid ParseReceipt(string field, string name) =>
        name.Length > Prefix.Length + ReceiptSuffix.Length
        && name.EndsWith(ReceiptSuffix, StringComparison.Ordinal)
        && name.StartsWith(Prefix, StringComparison.Ordinal)
        && Guid.TryParseExact(name.AsSpan(Prefix.Length, name.Length - Prefix.Length - ReceiptSuffix.Length), "D", out var id)
            ? id
            : throw RequestValidationException.ForField(field, string.IsNullOrEmpty(name)
                ? "is required: 'exchanges/{exchange_id}/receipt', e.g. 'exchanges/0197a5c2-3f4e-7b6a-9c1d-2e3f4a5b6c7d/receipt'"
                : $"'{Validation.ResourceNames.Truncate(name)}' is not 'exchanges/{{exchange_id}}/receipt' where the exchange id is the UUID of the x-interop-exchange-id header");

    public static Guid Parse(string field, string name) =>
        name.StartsWith(Prefix, StringComparison.Ordinal) && Guid.TryParseExact(name.AsSpan(Prefix.Length), "D", out var id)
            ? id
            : throw RequestValidationException.ForField(field, string.IsNullOrEmpty(name)
                ? "is required: 'exchanges/{exchange_id}', e.g. 'exchanges/0197a5c2-3f4e-7b6a-9c1d-2e3f4a5b6c7d'"
                : $"'{Validation.ResourceNames.Truncate(name)}' is not 'exchanges/{{exchange_id}}' where the exchange id is the UUID of the x-interop-exchange-id header");

    public static Guid ParseId(string field, string exchangeId) =>
        Guid.TryParseExact(exchangeId, "D", out var id)
            ? id
            : throw RequestValidationException.ForField(field, $"'{Validation.ResourceNames.Truncate(exchangeId)}' is not an exchange id (a UUID such as 0197a5c2-3f4e-7b6a-9c1d-2e3f4a5b6c7d)");
}
