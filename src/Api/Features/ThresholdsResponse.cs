namespace DashboardFactory.Api.Features;

/// <summary>The governance thresholds a feature's tally is measured against.</summary>
public sealed record ThresholdsResponse(int Quorum, double ApprovedPercent, double FoundationalPercent);
