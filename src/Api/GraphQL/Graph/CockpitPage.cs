namespace DashboardFactory.Api.GraphQL.Graph;

/// <summary>A page of the fleet: the cockpit ids in it (their views load together) and where the next page starts.</summary>
public sealed record CockpitPage(IReadOnlyList<string> Ids, string? NextCursor);
