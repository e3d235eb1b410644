using System.Text.Json;
using System.Text.Json.Nodes;
using DashboardFactory.Errors;
using DashboardFactory.Limits;

namespace DashboardFactory.Cockpits;

/// <summary>
/// An operator's RFC 7396 merge patch of a cockpit, validated and applied as plain code: which fields may be
/// patched, the document's rules and limits, the factory's fields on its widgets, the auto-update policy and the
/// cohorts. All or nothing: a patch with any problem changes nothing and reports every problem by JSON path.
/// </summary>
public static class CockpitPatch
{
    private static readonly HashSet<string> PatchableKeys = ["title", "theme", "widgets", "autoUpdate", "cohorts"];
    private static readonly string[] DocumentKeys = ["title", "theme", "widgets"];
    private static readonly string[] FactoryFields = ["featureId", "featureVersion"];

    /// <summary>The cockpit with the patch applied, or a <see cref="DomainException"/> (invalid) that names each problem.</summary>
    /// <param name="pristineJson">The factory's document: which widgets are the factory's, and what they say about themselves.</param>
    public static EditableCockpit Apply(string mergePatchJson, EditableCockpit current, string pristineJson, LimitsOptions limits)
    {
        var patch = Parse(mergePatchJson);
        var documentPatch = new JsonObject();
        foreach (var key in DocumentKeys.Where(patch.ContainsKey))
        {
            documentPatch[key] = patch[key]?.DeepClone();
        }

        var document = CockpitDocument.Parse(current.DocumentJson);
        var patched = JsonMergePatch.Apply(document, documentPatch) as JsonObject ?? throw DomainException.Invalid("The patch must leave a document.");
        var errors = CockpitDocument.Validate(patched, limits).Concat(FactoryFieldErrors(patched, pristineJson)).ToList();
        var size = CockpitDocument.Bytes(patched);
        if (size > limits.MaxDocumentBytes && size > CockpitDocument.Bytes(document))
        {
            // Only growth is refused: a document the factory grew past the limit may still be trimmed by its owner.
            errors.Add(new("$", $"The document would be {size} bytes; at most {limits.MaxDocumentBytes} (Limits:MaxDocumentBytes)."));
        }

        var autoUpdate = patch.ContainsKey("autoUpdate") ? Policy(patch["autoUpdate"], current.AutoUpdate, errors) : current.AutoUpdate;
        var cohorts = patch.ContainsKey("cohorts") ? Cohorts(patch["cohorts"], current.Cohorts, limits.MaxCohorts, errors) : current.Cohorts;
        if (errors.Count > 0)
        {
            throw DomainException.Invalid(
                "The patched cockpit is not valid; nothing was changed.",
                errors.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Select(e => e.Value).ToArray()));
        }

        return new EditableCockpit(patched.ToJsonString(), autoUpdate, [.. cohorts]);
    }

    private static JsonObject Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException error)
        {
            throw DomainException.Invalid($"The merge patch is not valid JSON: {error.Message}");
        }

        if (node is not JsonObject patch)
        {
            throw DomainException.Invalid("A cockpit merge patch must be a JSON object.");
        }

        var unknown = patch.Select(p => p.Key).Where(k => !PatchableKeys.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw DomainException.Invalid(
                $"These fields cannot be patched: {string.Join(", ", unknown)}.",
                unknown.ToDictionary(k => $"$.{k}", _ => new[] { "Not patchable: patch title, theme, widgets, autoUpdate or cohorts." }));
        }

        return patch;
    }

    /// <summary>featureId and featureVersion belong to the factory: operators may move and edit factory widgets, not re-label them.</summary>
    private static IEnumerable<KeyValuePair<string, string>> FactoryFieldErrors(JsonObject patched, string pristineJson)
    {
        var pristine = CockpitDocument.Widgets(CockpitDocument.Parse(pristineJson));
        foreach (var (id, node) in CockpitDocument.Widgets(patched))
        {
            if (node is not JsonObject widget)
            {
                continue;
            }

            var factory = pristine[id] as JsonObject;
            foreach (var field in FactoryFields)
            {
                var expected = factory is null ? null : CockpitDocument.String(factory[field]);
                if (CockpitDocument.String(widget[field]) != expected || (widget[field] is not null && expected is null))
                {
                    yield return new($"$.widgets.{id}.{field}", factory is null
                        ? "Widgets of your own may not claim a feature."
                        : "Set by the factory; it cannot be changed.");
                }
            }
        }
    }

    private static AutoUpdatePolicy Policy(JsonNode? node, AutoUpdatePolicy current, List<KeyValuePair<string, string>> errors)
    {
        if (node is not JsonObject policy)
        {
            errors.Add(new("$.autoUpdate", "Must be an object {enabled, maxChangeType}."));
            return current;
        }

        var result = current;
        if (policy.ContainsKey("enabled"))
        {
            if (policy["enabled"]?.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                result = result with { Enabled = policy["enabled"]!.GetValue<bool>() };
            }
            else
            {
                errors.Add(new("$.autoUpdate.enabled", "Must be true or false."));
            }
        }

        if (policy.ContainsKey("maxChangeType"))
        {
            if (ChangeTypes.TryParse(CockpitDocument.String(policy["maxChangeType"]), out var max))
            {
                result = result with { MaxChangeType = max };
            }
            else
            {
                errors.Add(new("$.autoUpdate.maxChangeType", "Must be safe, reviewed or breaking."));
            }
        }

        return result;
    }

    private static IReadOnlyList<string> Cohorts(JsonNode? node, IReadOnlyList<string> current, int max, List<KeyValuePair<string, string>> errors)
    {
        var cohorts = (node as JsonArray)?.Select(CockpitDocument.String).ToList();
        if (cohorts is null || cohorts.Count > max || cohorts.Any(c => !Ids.IsValid(c)))
        {
            errors.Add(new("$.cohorts", $"Must be an array of at most {max} ids (Limits:MaxCohorts)."));
            return current;
        }

        return [.. cohorts.OfType<string>().Distinct(StringComparer.Ordinal)];
    }
}
