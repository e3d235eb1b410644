namespace DashboardFactory.Api.Dashboard;

/// <summary>How many cockpits there are, and how many run each document version.</summary>
public sealed record OverviewFleet(int Count, IReadOnlyDictionary<string, int> Versions);
