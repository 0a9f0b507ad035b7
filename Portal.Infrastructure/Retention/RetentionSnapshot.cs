using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Domain.Retention;

namespace Portal.Infrastructure.Retention;

/// <summary>The whole schedule as a revision keeps it: readable JSON, kinds and clocks by name.</summary>
internal static class RetentionSnapshot
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private sealed record Row(DataKind Kind, int MaxDays, ClockEvent Clock);

    public static string Of(IEnumerable<RetentionRule> rules) =>
        JsonSerializer.Serialize(rules.OrderBy(r => r.Kind).Select(r => new Row(r.Kind, r.MaxDays, r.Clock)), Json);

    /// <summary>Each kind's maximum in a snapshot.</summary>
    public static IReadOnlyDictionary<DataKind, int> Read(string snapshot) =>
        (JsonSerializer.Deserialize<List<Row>>(snapshot, Json) ?? []).ToDictionary(r => r.Kind, r => r.MaxDays);
}
