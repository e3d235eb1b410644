using System.Text.Json;
using System.Text.Json.Nodes;

namespace DashboardFactory.Rendering;

/// <summary>
/// Tolerant reads from a cockpit document: a field that is missing or of the wrong type gives null or the
/// caller's default instead of an exception, because one malformed field must not make a whole cockpit unrenderable.
/// </summary>
internal static class JsonFields
{
    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static bool Boolean(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    /// <summary>A string as it is, a number as its JSON text (so "featureVersion": 3 reads as "3"), else null.</summary>
    public static string? StringOrNumber(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<string>(out var text))
        {
            return text;
        }

        return value.GetValueKind() == JsonValueKind.Number ? value.ToJsonString() : null;
    }

    /// <summary>A number rounded down and clamped to [min, max]; anything else, NaN and infinities give the fallback.</summary>
    public static int Integer(JsonNode? node, int fallback, int min, int max)
    {
        if (!TryNumber(node, out var number) || !double.IsFinite(number))
        {
            return fallback;
        }

        return (int)Math.Clamp(Math.Floor(number), min, max);
    }

    private static bool TryNumber(JsonNode? node, out double number)
    {
        number = 0;
        if (node is not JsonValue value)
        {
            return false;
        }

        // Parsed documents hold JsonElements, which convert to double; values built in code keep their CLR
        // type and only convert to exactly that type, so the usual ones are tried in turn.
        if (value.TryGetValue(out number))
        {
            return true;
        }

        if (value.TryGetValue<int>(out var i))
        {
            number = i;
        }
        else if (value.TryGetValue<long>(out var l))
        {
            number = l;
        }
        else if (value.TryGetValue<decimal>(out var m))
        {
            number = (double)m;
        }
        else if (value.TryGetValue<float>(out var f))
        {
            number = f;
        }
        else if (value.TryGetValue<short>(out var s))
        {
            number = s;
        }
        else if (value.TryGetValue<uint>(out var ui))
        {
            number = ui;
        }
        else if (value.TryGetValue<ulong>(out var ul))
        {
            number = ul;
        }
        else if (value.TryGetValue<byte>(out var b))
        {
            number = b;
        }
        else
        {
            return false;
        }

        return true;
    }
}
