namespace DashboardFactory.Api.Features;

/// <summary>One vote cast on a feature.</summary>
public sealed record FeatureVoteResponse(string VoterId, bool Approve, int Xp, DateTimeOffset At);
