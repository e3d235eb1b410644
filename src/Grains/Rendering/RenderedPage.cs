namespace DashboardFactory.Rendering;

/// <summary>A rendered cockpit page and its strong ETag (quoted, derived from the exact bytes of <paramref name="Html"/>).</summary>
public sealed record RenderedPage(string Html, string ETag);
