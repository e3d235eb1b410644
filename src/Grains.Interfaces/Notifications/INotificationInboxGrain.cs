namespace DashboardFactory.Notifications;

/// <summary>A user's notifications (key: user id), newest first, the most recent few hundred kept.</summary>
[Alias("DashboardFactory.Notifications.INotificationInboxGrain")]
public interface INotificationInboxGrain : IGrainWithStringKey
{
    /// <summary>Idempotent per notification id.</summary>
    [Alias("Add")]
    Task AddAsync(Notification notification);

    [Alias("List")]
    Task<IReadOnlyList<Notification>> ListAsync();
}
