namespace DashboardFactory.Cockpits;

public enum UpdateOutcome
{
    Applied = 0,
    Skipped = 1,
    Failed = 2,
}
