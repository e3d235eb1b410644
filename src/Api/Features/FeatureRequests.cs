using System.Text.Json.Nodes;

namespace DashboardFactory.Api.Features;

// Request bodies of the features API; every field is nullable so a missing one is a validation error.

public sealed record CreateFeatureRequest(string? Id, string? Name, string? Description);

public sealed record WidgetRequest(string? Type, string? Title, int? W, int? H, string? Html, string? Css, JsonObject? Config, string? Script = null);

public sealed record InjectionRequest(string? Mode, string? Quadrant);

public sealed record ReleaseRequest(
    string? Version,
    string? ChangeType,
    WidgetRequest? Widget,
    InjectionRequest? Injection,
    List<string?>? Dependencies,
    string? MigrationGuide,
    string? DeprecationNotice,
    List<string?>? Cohorts);

public sealed record VoteRequest(bool? Approve);

public sealed record ReasonRequest(string? Reason);
