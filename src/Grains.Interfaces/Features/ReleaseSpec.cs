using DashboardFactory.Cockpits;

namespace DashboardFactory.Features;

/// <summary>What a builder proposes as a new release of a feature.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Features.ReleaseSpec")]
public sealed record ReleaseSpec(
    [property: Id(0)] string Version,
    [property: Id(1)] ChangeType ChangeType,
    [property: Id(2)] WidgetRelease Widget,
    [property: Id(3)] InjectionMode Injection,
    [property: Id(4)] string? Quadrant,
    [property: Id(5)] IReadOnlyList<string> Dependencies,
    [property: Id(6)] string? MigrationGuide,
    [property: Id(7)] string? DeprecationNotice,
    [property: Id(8)] IReadOnlyList<string> Cohorts);
