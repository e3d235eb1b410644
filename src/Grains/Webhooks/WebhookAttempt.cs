namespace DashboardFactory.Webhooks;

/// <summary>
/// The outcome of one attempt, as the delivery log keeps it. <see cref="Status"/> is Delivered, Failed (a retry is
/// due at <see cref="NextAttemptAt"/>) or Abandoned (no more attempts).
/// </summary>
public sealed record WebhookAttempt(
    string WebhookId,
    string EventId,
    string Type,
    int Attempt,
    WebhookDeliveryStatus Status,
    int? ResponseStatus,
    DateTimeOffset At,
    DateTimeOffset? NextAttemptAt,
    string? Error,
    string? ResponseBody);
