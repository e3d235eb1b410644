namespace DashboardFactory.Cockpits;

/// <summary>One version of a feature, as rollouts hand it to each cockpit.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.FeatureRelease")]
public sealed record FeatureRelease(
    [property: Id(0)] string FeatureId,
    [property: Id(1)] string Version,
    [property: Id(2)] ChangeType ChangeType,
    [property: Id(3)] WidgetRelease Widget,
    [property: Id(4)] InjectionMode Injection,
    [property: Id(5)] string? Quadrant);
