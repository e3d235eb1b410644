using System.Text.Json;
using System.Text.Json.Nodes;

namespace DashboardFactory.Merging;

/// <summary>
/// Three-way merge of JSON documents, the vendor-branch step of a cockpit update: base is the previous factory
/// output, ours the operator's document, theirs the new factory output. Objects merge key by key; scalars and
/// arrays are atoms; text fields (see <see cref="CockpitTextPaths"/>) merge line by line with <see cref="Diff3"/>.
/// Where both sides disagree the operator wins, and the disagreement is reported.
/// </summary>
public static class JsonMerge3
{
    /// <param name="isTextPath">Which string values to merge as text; defaults to <see cref="CockpitTextPaths.IsText"/>.</param>
    public static MergeResult Merge(JsonNode? @base, JsonNode? ours, JsonNode? theirs, Func<string, bool>? isTextPath = null)
    {
        var conflicts = new List<MergeConflict>();
        var merged = MergeValue(JsonMergePath.Root, @base, ours, theirs, isTextPath ?? CockpitTextPaths.IsText, conflicts);
        return new MergeResult(merged, conflicts);
    }

    // All three are present here (JSON null is a value); absence is handled by the caller, per key.
    private static JsonNode? MergeValue(
        string path,
        JsonNode? @base,
        JsonNode? ours,
        JsonNode? theirs,
        Func<string, bool> isTextPath,
        List<MergeConflict> conflicts)
    {
        if (JsonNode.DeepEquals(ours, theirs) || JsonNode.DeepEquals(@base, theirs))
        {
            return Clone(ours);
        }

        if (JsonNode.DeepEquals(@base, ours))
        {
            return Clone(theirs);
        }

        return MergeDivergent(path, @base, ours, theirs, isTextPath, conflicts);
    }

    // Both sides changed the value, each differently. A base that is missing or of another type counts as an
    // empty object or empty text, so two sides that each added keys or lines still combine.
    private static JsonNode? MergeDivergent(
        string path,
        JsonNode? @base,
        JsonNode? ours,
        JsonNode? theirs,
        Func<string, bool> isTextPath,
        List<MergeConflict> conflicts)
    {
        if (ours is JsonObject ourObject && theirs is JsonObject theirObject)
        {
            return MergeObjects(path, @base as JsonObject, ourObject, theirObject, isTextPath, conflicts);
        }

        if (TryGetString(ours, out var ourText) && TryGetString(theirs, out var theirText) && isTextPath(path))
        {
            var baseText = TryGetString(@base, out var text) ? text : string.Empty;
            var merge = Diff3.Merge(baseText, ourText, theirText);
            if (!merge.Clean)
            {
                conflicts.Add(new MergeConflict(path, MergeConflictKind.Text));
            }

            return JsonValue.Create(merge.Text);
        }

        conflicts.Add(new MergeConflict(path, MergeConflictKind.Value));
        return Clone(ours);
    }

    // Keys keep ours' order, followed by keys only theirs added, so the operator's document does not reshuffle.
    private static JsonObject MergeObjects(
        string path,
        JsonObject? @base,
        JsonObject ours,
        JsonObject theirs,
        Func<string, bool> isTextPath,
        List<MergeConflict> conflicts)
    {
        var merged = new JsonObject();
        foreach (var (key, ourValue) in ours)
        {
            var childPath = JsonMergePath.Child(path, key);
            JsonNode? baseValue = null;
            var inBase = @base is not null && @base.TryGetPropertyValue(key, out baseValue);

            if (theirs.TryGetPropertyValue(key, out var theirValue))
            {
                merged[key] = inBase
                    ? MergeValue(childPath, baseValue, ourValue, theirValue, isTextPath, conflicts)
                    : MergeAdded(childPath, ourValue, theirValue, isTextPath, conflicts);
            }
            else if (!inBase)
            {
                merged[key] = Clone(ourValue);
            }
            else if (!JsonNode.DeepEquals(baseValue, ourValue))
            {
                // Theirs removed what the operator changed: keep the operator's copy and say so.
                conflicts.Add(new MergeConflict(childPath, MergeConflictKind.DeleteModify));
                merged[key] = Clone(ourValue);
            }
        }

        foreach (var (key, theirValue) in theirs)
        {
            if (ours.ContainsKey(key))
            {
                continue;
            }

            JsonNode? baseValue = null;
            if (@base is null || !@base.TryGetPropertyValue(key, out baseValue))
            {
                merged[key] = Clone(theirValue);
            }
            else if (!JsonNode.DeepEquals(baseValue, theirValue))
            {
                // The operator removed what the factory changed: the removal stands, but it is reported.
                conflicts.Add(new MergeConflict(JsonMergePath.Child(path, key), MergeConflictKind.DeleteModify));
            }
        }

        return merged;
    }

    // Both sides added the key. Unlike a base of JSON null, a missing base never equals either side.
    private static JsonNode? MergeAdded(
        string path,
        JsonNode? ours,
        JsonNode? theirs,
        Func<string, bool> isTextPath,
        List<MergeConflict> conflicts) =>
        JsonNode.DeepEquals(ours, theirs)
            ? Clone(ours)
            : MergeDivergent(path, null, ours, theirs, isTextPath, conflicts);

    private static bool TryGetString(JsonNode? node, out string text)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            text = value.GetValue<string>();
            return true;
        }

        text = string.Empty;
        return false;
    }

    private static JsonNode? Clone(JsonNode? node) => node?.DeepClone();
}
