using DashboardFactory.Notifications;

namespace DashboardFactory.Notifications;

[GenerateSerializer, Alias("DashboardFactory.Notifications.NotificationInboxState")]
public sealed class NotificationInboxState
{
    [Id(0)] public List<Notification> Items { get; set; } = [];
}
