using DashboardFactory.Notifications;

namespace DashboardFactory.Api.Notifications;

/// <summary>One of a user's notifications, e.g. a rollback that removed a widget from their cockpit.</summary>
public sealed record NotificationResponse(DateTimeOffset At, string Kind, string Message, string? FeatureId, string? CockpitId)
{
    public static NotificationResponse From(Notification notification) =>
        new(notification.At, notification.Kind, notification.Message, notification.FeatureId, notification.CockpitId);
}
