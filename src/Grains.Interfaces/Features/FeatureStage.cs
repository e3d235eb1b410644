namespace DashboardFactory.Features;

/// <summary>experimental → approved (≥ 66 % of the XP cast, with a quorum) → foundational (≥ 80 %); deprecated by an admin or a rollback.</summary>
public enum FeatureStage
{
    Experimental = 0,
    Approved = 1,
    Foundational = 2,
    Deprecated = 3,
}
