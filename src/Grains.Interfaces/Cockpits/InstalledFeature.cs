namespace DashboardFactory.Cockpits;

[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.InstalledFeature")]
public sealed record InstalledFeature(
    [property: Id(0)] string Version,
    [property: Id(1)] DateTimeOffset InstalledAt);
