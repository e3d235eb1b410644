namespace DashboardFactory.Webhooks;

[GenerateSerializer, Alias("DashboardFactory.Webhooks.WebhookRegistryState")]
public sealed class WebhookRegistryState
{
    [Id(0)] public Dictionary<string, WebhookView> Webhooks { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public long Version { get; set; }
}
