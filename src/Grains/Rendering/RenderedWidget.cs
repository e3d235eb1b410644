namespace DashboardFactory.Rendering;

/// <summary>A widget's fields after the tolerant read, clamped to the grid; text is still as written.</summary>
internal sealed record RenderedWidget(
    string Id,
    string? FeatureId,
    string? FeatureVersion,
    string Type,
    string? Title,
    int X,
    int Y,
    int W,
    int H,
    string? ConfigJson,
    string? Html,
    string? Css,
    LiveWidgetBinding? Live,
    bool HasScript);
