namespace DashboardFactory.Previews;

/// <summary>A conflicting property: <c>title</c> of widget <c>w1</c>, or <c>theme.css</c> with no widget.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Previews.PreviewConflict")]
public sealed record PreviewConflict(
    [property: Id(0)] string? WidgetId,
    [property: Id(1)] string Property);
