namespace DashboardFactory.Campaigns;

public enum CampaignStatus
{
    Running = 0,
    Paused = 1,
    Completed = 2,
    Halted = 3,
    Cancelled = 4,
}
