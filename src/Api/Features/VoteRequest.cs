namespace DashboardFactory.Api.Features;

/// <summary>Body of POST /api/features/{id}/votes: the caller's vote.</summary>
public sealed record VoteRequest(bool? Approve);
