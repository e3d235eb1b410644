namespace DashboardFactory.Features;

[GenerateSerializer, Immutable, Alias("DashboardFactory.Features.FeatureView")]
public sealed record FeatureView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] string AuthorId,
    [property: Id(4)] FeatureStage Stage,
    [property: Id(5)] IReadOnlyList<ReleaseView> Releases,
    [property: Id(6)] Tally Tally,
    [property: Id(7)] IReadOnlyList<string> Campaigns,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] string? DeprecationNotice,
    [property: Id(10)] string? Owner,
    [property: Id(11)] IReadOnlyList<string> Cohorts,
    [property: Id(12)] IReadOnlyList<Vote> Votes,
    [property: Id(13)] GovernanceSettings Governance);
