namespace DashboardFactory.Alerts;

/// <summary>The most recent admin alerts (key: the alert stream key, <see cref="AlertEvent.Admins"/>), newest first.</summary>
[Alias("DashboardFactory.Alerts.IAlertHistoryGrain")]
public interface IAlertHistoryGrain : IGrainWithStringKey
{
    [Alias("Recent")]
    Task<IReadOnlyList<AlertEvent>> RecentAsync(int limit);
}
