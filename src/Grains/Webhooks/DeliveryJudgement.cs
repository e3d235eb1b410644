namespace DashboardFactory.Webhooks;

/// <summary>
/// Turns an attempt's result into the log line and the delivery's next state: 2xx delivered; 410 abandoned and the
/// webhook disabled; anything else (other statuses, redirects, time-outs, refused addresses) retried on the
/// schedule, honouring Retry-After on 429 and 503, until the last attempt, which abandons it.
/// </summary>
public static class DeliveryJudgement
{
    public static (WebhookAttempt Attempt, bool Gone) Judge(WebhookDelivery delivery, SendResult result, DateTimeOffset now, RetrySchedule schedule)
    {
        var attempt = delivery.Attempts + 1;
        WebhookAttempt Line(WebhookDeliveryStatus status, DateTimeOffset? next, string? error) =>
            new(delivery.WebhookId, delivery.EventId, delivery.Type, attempt, status, result.Status, now, next, error, result.Body);

        if (result.Succeeded)
        {
            return (Line(WebhookDeliveryStatus.Delivered, null, null), false);
        }

        if (result.Status == 410)
        {
            return (Line(WebhookDeliveryStatus.Abandoned, null, "410 Gone: the receiver asked for no more deliveries, so the webhook is disabled."), true);
        }

        var error = result.Error ?? result.Status switch
        {
            >= 300 and < 400 => $"HTTP {result.Status}: redirect{(result.Location is null ? string.Empty : " to " + result.Location)} not followed.",
            _ => $"HTTP {result.Status}.",
        };
        var retryAfter = result.Status is 429 or 503 ? result.RetryAfter : null;
        if (schedule.DelayAfter(attempt, retryAfter) is { } delay)
        {
            return (Line(WebhookDeliveryStatus.Failed, now + delay, error), false);
        }

        return (Line(WebhookDeliveryStatus.Abandoned, null, $"{error} Abandoned after {attempt} attempts."), false);
    }
}
