namespace DashboardFactory.Webhooks;

/// <summary>
/// Sends one batch of a webhook's due deliveries, at most <c>Webhooks:MaxConcurrency</c> at a time, and judges each
/// answer (<see cref="DeliveryJudgement"/>). A send that throws is a failed attempt like any other, so one bad
/// delivery never stops the batch; only the grain's own cancellation does.
/// </summary>
public static class WebhookBatch
{
    public static async Task<(WebhookAttempt Attempt, bool Gone)[]> SendAsync(
        WebhookSender sender, string url, IReadOnlyList<WebhookDelivery> due, IReadOnlyList<byte[]> keys, int maxConcurrency,
        RetrySchedule schedule, TimeProvider time, CancellationToken cancellationToken)
    {
        var judged = new (WebhookAttempt Attempt, bool Gone)[due.Count];
        using var slots = new SemaphoreSlim(maxConcurrency);
        await Task.WhenAll(due.Select(async (delivery, i) =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                SendResult result;
                try
                {
                    result = await sender.SendAsync(url, delivery, keys, cancellationToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    result = SendResult.Failed(error.Message);
                }

                judged[i] = DeliveryJudgement.Judge(delivery, result, time.GetUtcNow(), schedule);
            }
            finally
            {
                slots.Release();
            }
        }));
        return judged;
    }
}
