namespace DashboardFactory.Api.Ops;

public sealed record OpsCampaign(string Id, string State, int Applied, int Total);
