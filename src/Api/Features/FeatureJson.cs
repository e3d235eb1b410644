using System.Text.Json.Nodes;
using DashboardFactory.Api.Errors;
using DashboardFactory.Features;

namespace DashboardFactory.Api.Features;

/// <summary>Feature words on the wire (API.md): stages in lower case, and the PATCH body read as JSON.</summary>
public static class FeatureJson
{
    public static string Stage(FeatureStage stage) => stage.ToString().ToLowerInvariant();

    public static bool TryParseStage(string? text, out FeatureStage stage)
    {
        stage = text switch
        {
            "experimental" => FeatureStage.Experimental,
            "approved" => FeatureStage.Approved,
            "foundational" => FeatureStage.Foundational,
            "deprecated" => FeatureStage.Deprecated,
            _ => (FeatureStage)(-1),
        };
        return Enum.IsDefined(stage);
    }

    public const int MaxOwnerLength = 100;

    /// <summary>
    /// Reads a PATCH body {owner?, cohorts?}. A key that is present changes the field (owner null: nobody); unknown keys
    /// and wrong types are field errors, and then nothing changes.
    /// </summary>
    public static FeatureChange? ParseChange(JsonObject body, Validation validation, int maxCohorts)
    {
        foreach (var key in body.Select(p => p.Key).Where(k => k is not ("owner" or "cohorts")))
        {
            validation.Require(false, key, "Not patchable: patch owner or cohorts.");
        }

        string? owner = null;
        var setOwner = body.ContainsKey("owner");
        if (setOwner && body["owner"] is { } ownerNode)
        {
            owner = ownerNode.GetValueKind() == System.Text.Json.JsonValueKind.String ? ownerNode.GetValue<string>().Trim() : null;
            validation.Require(owner is { Length: > 0 and <= MaxOwnerLength } && !owner.Any(char.IsControl), "owner",
                $"A name of 1 to {MaxOwnerLength} characters, or null for nobody.");
        }

        List<string>? cohorts = null;
        if (body.ContainsKey("cohorts"))
        {
            cohorts = (body["cohorts"] as JsonArray)?.Select(c => c?.GetValueKind() == System.Text.Json.JsonValueKind.String ? c.GetValue<string>() : null)
                .Where(Ids.IsValid).Select(c => c!).ToList();
            validation.Require(cohorts is not null && cohorts.Count == (body["cohorts"] as JsonArray)!.Count && cohorts.Count <= maxCohorts, "cohorts",
                $"An array of at most {maxCohorts} cohort ids (Limits:MaxCohorts).");
        }

        return validation.IsValid ? new FeatureChange(setOwner, owner, cohorts) : null;
    }
}
