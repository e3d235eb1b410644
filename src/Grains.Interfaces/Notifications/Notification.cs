namespace DashboardFactory.Notifications;

/// <summary>Something a user should read later, e.g. "feat_999 was removed from your cockpit: XSS in widget".</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Notifications.Notification")]
public sealed record Notification(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Message,
    [property: Id(4)] string? FeatureId,
    [property: Id(5)] string? CockpitId);
