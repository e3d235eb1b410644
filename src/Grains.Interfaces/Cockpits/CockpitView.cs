namespace DashboardFactory.Cockpits;

/// <summary>
/// A cockpit as the API shows it. The document (title, theme, widgets) travels as JSON text: it is
/// free-form below the widget level, and the edge writes it out without re-shaping it.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.CockpitView")]
public sealed record CockpitView(
    [property: Id(0)] string Id,
    [property: Id(1)] string OwnerId,
    [property: Id(2)] string Version,
    [property: Id(3)] IReadOnlyList<string> Cohorts,
    [property: Id(4)] AutoUpdatePolicy AutoUpdate,
    [property: Id(5)] string DocumentJson,
    [property: Id(6)] IReadOnlyDictionary<string, InstalledFeature> InstalledFeatures,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] string ETag);
