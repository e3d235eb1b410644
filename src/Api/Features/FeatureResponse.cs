using DashboardFactory.Features;

namespace DashboardFactory.Api.Features;

/// <summary>A feature with its releases, tally and thresholds, votes, installations and campaigns (API.md).</summary>
public sealed record FeatureResponse(
    string Id,
    string Name,
    string Description,
    string AuthorId,
    string? Owner,
    IReadOnlyList<string> Cohorts,
    string Stage,
    string? DeprecationNotice,
    IReadOnlyList<ReleaseResponse> Releases,
    TallyResponse Tally,
    ThresholdsResponse Thresholds,
    IReadOnlyList<FeatureVoteResponse> Votes,
    InstallationsResponse Installations,
    IReadOnlyList<string> Campaigns,
    DateTimeOffset CreatedAt)
{
    public static FeatureResponse From(FeatureView view, IReadOnlyDictionary<string, int> installations) => new(
        view.Id,
        view.Name,
        view.Description,
        view.AuthorId,
        view.Owner,
        view.Cohorts,
        FeatureJson.Stage(view.Stage),
        view.DeprecationNotice,
        [.. view.Releases.Select(ReleaseResponse.From)],
        TallyResponse.From(view.Tally),
        new ThresholdsResponse(view.Governance.Quorum, view.Governance.ApprovedPercent, view.Governance.FoundationalPercent),
        [.. view.Votes.Select(v => new FeatureVoteResponse(v.VoterId, v.Approve, v.Xp, v.At))],
        InstallationsResponse.From(installations),
        view.Campaigns,
        view.CreatedAt);
}
