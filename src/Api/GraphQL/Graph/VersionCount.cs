namespace DashboardFactory.Api.GraphQL.Graph;

public sealed record VersionCount(string Version, int Count);
