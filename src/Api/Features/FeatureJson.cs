using System.Text.Json.Nodes;
using DashboardFactory.Audit;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;

namespace DashboardFactory.Api.Features;

/// <summary>The wire forms of features (API.md): camelCase, lower-case enum words.</summary>
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

    public static JsonObject Tally(Tally tally) => new()
    {
        ["approvalPercent"] = tally.ApprovalPercent,
        ["votesCast"] = tally.VotesCast,
        ["xpCast"] = tally.XpCast,
    };

    public static JsonObject Release(ReleaseView view)
    {
        var (record, spec) = (view.Record, view.Record.Spec);
        return new JsonObject
        {
            ["version"] = spec.Version,
            ["changeType"] = ChangeTypes.ToWire(spec.ChangeType),
            ["widget"] = new JsonObject
            {
                ["type"] = spec.Widget.Type,
                ["title"] = spec.Widget.Title,
                ["w"] = spec.Widget.W,
                ["h"] = spec.Widget.H,
                ["html"] = spec.Widget.Html,
                ["css"] = spec.Widget.Css,
                ["script"] = spec.Widget.Script,
                ["config"] = JsonNode.Parse(spec.Widget.ConfigJson),
            },
            ["injection"] = new JsonObject { ["mode"] = spec.Injection.ToString().ToLowerInvariant(), ["quadrant"] = spec.Quadrant },
            ["dependencies"] = new JsonArray([.. spec.Dependencies.Select(d => JsonValue.Create(d))]),
            ["cohorts"] = new JsonArray([.. spec.Cohorts.Select(c => JsonValue.Create(c))]),
            ["migrationGuide"] = spec.MigrationGuide,
            ["deprecationNotice"] = spec.DeprecationNotice,
            ["proposedBy"] = record.ProposedBy,
            ["proposedAt"] = record.ProposedAt,
            ["approvedBy"] = record.ApprovedBy,
            ["approvedAt"] = record.ApprovedAt,
            ["propagatable"] = view.Propagatable,
        };
    }

    public static JsonObject Feature(FeatureView view, IReadOnlyDictionary<string, int> installations) => new()
    {
        ["id"] = view.Id,
        ["name"] = view.Name,
        ["description"] = view.Description,
        ["authorId"] = view.AuthorId,
        ["stage"] = Stage(view.Stage),
        ["deprecationNotice"] = view.DeprecationNotice,
        ["releases"] = new JsonArray([.. view.Releases.Select(Release)]),
        ["tally"] = Tally(view.Tally),
        ["installations"] = new JsonObject
        {
            ["total"] = installations.Values.Sum(),
            ["byVersion"] = new JsonObject([.. installations.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => KeyValuePair.Create(i.Key, (JsonNode?)i.Value))]),
        },
        ["campaigns"] = new JsonArray([.. view.Campaigns.Select(c => JsonValue.Create(c))]),
        ["createdAt"] = view.CreatedAt,
    };

    public static JsonObject Summary(FeatureSummary summary) => new()
    {
        ["id"] = summary.Id,
        ["name"] = summary.Name,
        ["stage"] = Stage(summary.Stage),
        ["authorId"] = summary.AuthorId,
        ["latestVersion"] = summary.LatestVersion,
        ["dependencies"] = new JsonArray([.. summary.Dependencies.Select(d => JsonValue.Create(d))]),
    };

    public static JsonObject Audit(AuditEntry entry) => new()
    {
        ["at"] = entry.At,
        ["actor"] = entry.Actor,
        ["action"] = entry.Action,
        ["before"] = entry.Before is null ? null : JsonNode.Parse(entry.Before),
        ["after"] = entry.After is null ? null : JsonNode.Parse(entry.After),
    };
}
