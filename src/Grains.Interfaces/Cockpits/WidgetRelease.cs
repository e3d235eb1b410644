namespace DashboardFactory.Cockpits;

/// <summary>The widget a feature release installs, as the cockpit needs it.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.WidgetRelease")]
public sealed record WidgetRelease(
    [property: Id(0)] string Type,
    [property: Id(1)] string Title,
    [property: Id(2)] int W,
    [property: Id(3)] int H,
    [property: Id(4)] string Html,
    [property: Id(5)] string Css,
    [property: Id(6)] string ConfigJson)
{
    /// <summary>
    /// JavaScript the widget runs, only ever inside a sandboxed frame of its own (API.md "Widget types"); empty for
    /// none. Not a positional parameter, so every release written before scripts existed reads back unchanged.
    /// </summary>
    [Id(7)]
    public string Script { get; init; } = string.Empty;
}
