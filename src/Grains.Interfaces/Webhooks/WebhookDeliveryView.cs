namespace DashboardFactory.Webhooks;

/// <summary>
/// One line of a webhook's delivery log: an attempt made (delivered, failed or abandoned), or the next attempt of a
/// delivery still pending. <see cref="ResponseBody"/> holds at most the first kilobyte of the receiver's answer.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Webhooks.WebhookDeliveryView")]
public sealed record WebhookDeliveryView(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] int Attempt,
    [property: Id(3)] WebhookDeliveryStatus Status,
    [property: Id(4)] int? ResponseStatus,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] DateTimeOffset? NextAttemptAt,
    [property: Id(7)] string? Error,
    [property: Id(8)] string? ResponseBody);
