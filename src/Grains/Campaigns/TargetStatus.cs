namespace DashboardFactory.Campaigns;

public enum TargetStatus
{
    Pending = 0,
    Sent = 1,
    Applied = 2,
    Skipped = 3,
    Failed = 4,
}
