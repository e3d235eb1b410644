namespace DashboardFactory.Webhooks;

/// <summary>Wire spelling: the lower-case names. A delivery is pending until delivered or abandoned; an attempt that failed is "failed".</summary>
public enum WebhookDeliveryStatus
{
    Pending = 0,
    Delivered = 1,
    Failed = 2,
    Abandoned = 3,
}
