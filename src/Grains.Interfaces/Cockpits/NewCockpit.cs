namespace DashboardFactory.Cockpits;

[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.NewCockpit")]
public sealed record NewCockpit(
    [property: Id(0)] string OwnerId,
    [property: Id(1)] string Title,
    [property: Id(2)] IReadOnlyList<string> Cohorts,
    [property: Id(3)] AutoUpdatePolicy AutoUpdate);
