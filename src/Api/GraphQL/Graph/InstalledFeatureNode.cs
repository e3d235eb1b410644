using DashboardFactory.Cockpits;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed record InstalledFeatureNode(string FeatureId, InstalledFeature Installed);
