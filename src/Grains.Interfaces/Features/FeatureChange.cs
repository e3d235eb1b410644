namespace DashboardFactory.Features;

/// <summary>
/// An admin's change to a feature's ops data. <see cref="SetOwner"/> says whether the owner changes at all, since a
/// null <see cref="Owner"/> means "nobody" (unassigned); null <see cref="Cohorts"/> leaves them as they are.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Features.FeatureChange")]
public sealed record FeatureChange(
    [property: Id(0)] bool SetOwner,
    [property: Id(1)] string? Owner,
    [property: Id(2)] IReadOnlyList<string>? Cohorts);
