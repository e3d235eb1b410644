using System.Globalization;
using System.Text.Json.Nodes;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// A plausible request body from a schema, so that each mutation changes one thing of a request that would otherwise
/// get far. The only hand-written knowledge is a vocabulary of field names (an <c>ownerId</c> names the canary operator,
/// a <c>url</c> a closed loopback port, a <c>version</c> a fresh semver, ...); a field it does not know gets a value of
/// its schema's type, and an operation with new fields still gets every structural mutation.
/// </summary>
public sealed class BodySamples(JsonSchemas schemas, Func<int> next)
{
    public JsonNode? Sample(JsonObject schema, string name = "", int depth = 0)
    {
        var kind = schemas.Kind(schema);
        if (schema["enum"] is JsonArray { Count: > 0 } values)
        {
            return values[0]?.DeepClone();
        }

        if (Hint(name, kind) is var (known, hinted) && known)
        {
            return hinted;
        }

        switch (kind)
        {
            case "object":
            case "any" when schema["properties"] is not null:
                var result = new JsonObject();
                if (depth < 6)
                {
                    foreach (var (property, propertySchema, _) in schemas.Properties(schema))
                    {
                        result[property] = Sample(propertySchema, property, depth + 1);
                    }
                }

                return result;
            case "array":
                return depth < 6 ? new JsonArray(Sample(schemas.Items(schema), Singular(name), depth + 1)) : new JsonArray();
            case "integer":
                return 1;
            case "number":
                return 1.5;
            case "boolean":
                return true;
            case "string":
                return schema["format"]?.GetValue<string>() == "date-time" ? Now() : "hz";
            default:
                return new JsonObject();
        }
    }

    /// <summary>Time-valued fields by name or format get the calendar edges.</summary>
    public static bool IsTime(string name, JsonObject? schema) =>
        schema?["format"]?.GetValue<string>() is "date-time" or "date"
        || name is "ts" or "at" or "from" or "to" or "since" or "until" || name.EndsWith("At", StringComparison.Ordinal);

    private (bool Known, JsonNode? Value) Hint(string name, string kind) => (name, kind) switch
    {
        ("id", "string" or "any") => (true, $"hz-b{next()}"),
        ("ownerId", _) => (true, HostileApp.OwnerId),
        ("featureId", _) => (true, HostileApp.FeatureId),
        ("version", _) => (true, $"1.{next()}.0"),
        ("changeType", _) => (true, "safe"),
        ("maxChangeType", _) => (true, "reviewed"),
        ("mode", _) => (true, "append"),
        ("quadrant", _) => (true, "nw"),
        ("role", _) => (true, "operator"),
        ("email", _) => (true, "hz@example.test"),
        ("url", _) => (true, "http://127.0.0.1:9/hz"),
        ("period", _) => (true, "minute"),
        ("scope", _) => (true, "kpi:" + HostileApp.KpiCode),
        ("kpi", "string" or "any") => (true, HostileApp.KpiCode),
        ("type", "string" or "any") => (true, "note"),
        ("query", "string" or "any") => (true, "{ __typename }"),
        ("operationName", _) => (true, null),
        ("events", _) => (true, new JsonArray("campaign.completed")),
        ("kpis", _) => (true, new JsonArray(HostileApp.KpiCode)),
        ("cohorts", _) => (true, new JsonArray(HostileApp.Cohort)),
        ("dependencies", _) => (true, new JsonArray()),
        ("value", "number" or "integer" or "any") => (true, 1.5),
        ("xp", _) => (true, 10),
        ("w", _) => (true, 3),
        ("h", _) => (true, 2),
        ("x" or "y", _) => (true, 0),
        ("approve" or "enabled", _) => (true, true),
        ("hidden", _) => (true, false),
        ("config", _) => (true, new JsonObject()),
        ("variables" or "extensions", _) => (true, null),
        _ when IsTime(name, null) && kind is "string" or "any" => (true, Now()),
        _ => (false, null),
    };

    private static string Now() => DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture);

    private static string Singular(string name) => name.EndsWith('s') ? name[..^1] : name;
}
