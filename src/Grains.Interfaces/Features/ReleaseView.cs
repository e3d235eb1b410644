namespace DashboardFactory.Features;

/// <summary>A release with the routing verdict: whether it may roll out now.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Features.ReleaseView")]
public sealed record ReleaseView(
    [property: Id(0)] ReleaseRecord Record,
    [property: Id(1)] bool Propagatable);
