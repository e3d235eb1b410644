using System.Text.Json.Nodes;

namespace DashboardFactory.Api.Features;

/// <summary>The widget a release installs; <c>config</c> is the widget's free-form JSON object.</summary>
public sealed record ReleaseWidgetResponse(string Type, string Title, int W, int H, string Html, string Css, string Script, JsonObject? Config);
