using System.Text.Json.Nodes;

namespace DashboardFactory.Api.Features;

/// <summary>The widget a release installs; <c>config</c> is free-form JSON (e.g. <c>{"kpi": code, "period": "hour"}</c>).</summary>
public sealed record WidgetRequest(string? Type, string? Title, int? W, int? H, string? Html, string? Css, JsonObject? Config, string? Script = null);
