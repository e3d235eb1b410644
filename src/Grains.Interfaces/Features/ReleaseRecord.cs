namespace DashboardFactory.Features;

/// <summary>A release as the feature keeps it: the spec, who proposed it, and an admin's approval if it needed one.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Features.ReleaseRecord")]
public sealed record ReleaseRecord(
    [property: Id(0)] ReleaseSpec Spec,
    [property: Id(1)] string ProposedBy,
    [property: Id(2)] DateTimeOffset ProposedAt,
    [property: Id(3)] string? ApprovedBy,
    [property: Id(4)] DateTimeOffset? ApprovedAt);
