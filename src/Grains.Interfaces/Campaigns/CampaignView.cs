namespace DashboardFactory.Campaigns;

[GenerateSerializer, Immutable, Alias("DashboardFactory.Campaigns.CampaignView")]
public sealed record CampaignView(
    [property: Id(0)] string Id,
    [property: Id(1)] string FeatureId,
    [property: Id(2)] string Version,
    [property: Id(3)] CampaignStatus Status,
    [property: Id(4)] int Total,
    [property: Id(5)] int Applied,
    [property: Id(6)] int Skipped,
    [property: Id(7)] int Failed,
    [property: Id(8)] int Conflicts,
    [property: Id(9)] int Wave,
    [property: Id(10)] bool Foundational,
    [property: Id(11)] DateTimeOffset StartedAt,
    [property: Id(12)] DateTimeOffset? FinishedAt,
    [property: Id(13)] string? HaltReason,
    [property: Id(14)] IReadOnlyDictionary<string, string> Failures);
