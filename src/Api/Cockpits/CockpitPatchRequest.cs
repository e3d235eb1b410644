using System.Text.Json.Nodes;

namespace DashboardFactory.Api.Cockpits;

/// <summary>
/// What PATCH /api/cockpits/{id} takes, for the OpenAPI document: an RFC 7396 merge patch of these fields, each
/// optional; a widget set to null is removed. The handler applies the patch as JSON, so absent and null stay apart.
/// </summary>
public sealed record CockpitPatchRequest(
    string? Title,
    CockpitThemeResponse? Theme,
    Dictionary<string, JsonObject?>? Widgets,
    AutoUpdateRequest? AutoUpdate,
    List<string>? Cohorts);
