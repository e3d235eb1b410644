using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DashboardFactory.UnitTests.Merging;

/// <summary>Reads and writes a JSON document at a key path, and spells the path the way conflicts report it.</summary>
internal static partial class JsonKeys
{
    public static JsonNode? Get(JsonNode root, IReadOnlyList<string> keys)
    {
        var node = root;
        foreach (var key in keys)
        {
            node = node!.AsObject()[key];
        }

        return node;
    }

    public static bool Exists(JsonNode? root, IReadOnlyList<string> keys)
    {
        var node = root;
        foreach (var key in keys)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out node))
            {
                return false;
            }
        }

        return true;
    }

    public static void Set(JsonNode root, IReadOnlyList<string> keys, JsonNode? value) =>
        Get(root, keys.Take(keys.Count - 1).ToList())!.AsObject()[keys[^1]] = value;

    public static string ToPath(IReadOnlyList<string> keys) =>
        "$" + string.Concat(keys.Select(k => Identifier().IsMatch(k) ? "." + k : "['" + k.Replace("\\", "\\\\").Replace("'", "\\'") + "']"));

    /// <summary>Every value that is not an object (scalars, arrays, nulls), by key path.</summary>
    public static List<string[]> Leaves(JsonNode? node, string[]? prefix = null)
    {
        prefix ??= [];
        if (node is not JsonObject obj)
        {
            return [prefix];
        }

        return obj.SelectMany(p => Leaves(p.Value, [.. prefix, p.Key])).ToList();
    }

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex Identifier();
}
