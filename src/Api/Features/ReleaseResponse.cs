using System.Text.Json.Nodes;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;

namespace DashboardFactory.Api.Features;

/// <summary>A release of a feature: what it installs, who proposed and approved it, and whether it may roll out now.</summary>
public sealed record ReleaseResponse(
    string Version,
    string ChangeType,
    ReleaseWidgetResponse Widget,
    InjectionResponse Injection,
    IReadOnlyList<string> Dependencies,
    IReadOnlyList<string> Cohorts,
    string? MigrationGuide,
    string? DeprecationNotice,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    bool Propagatable)
{
    public static ReleaseResponse From(ReleaseView view)
    {
        var (record, spec) = (view.Record, view.Record.Spec);
        var widget = spec.Widget;
        return new ReleaseResponse(
            spec.Version,
            ChangeTypes.ToWire(spec.ChangeType),
            new ReleaseWidgetResponse(widget.Type, widget.Title, widget.W, widget.H, widget.Html, widget.Css, widget.Script,
                JsonNode.Parse(widget.ConfigJson) as JsonObject),
            new InjectionResponse(spec.Injection.ToString().ToLowerInvariant(), spec.Quadrant),
            spec.Dependencies,
            spec.Cohorts,
            spec.MigrationGuide,
            spec.DeprecationNotice,
            record.ProposedBy,
            record.ProposedAt,
            record.ApprovedBy,
            record.ApprovedAt,
            view.Propagatable);
    }
}
