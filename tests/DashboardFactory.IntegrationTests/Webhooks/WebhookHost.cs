using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>
/// The embedded API with a webhook receiver beside it. Receivers are on loopback, so this host allow-lists
/// 127.0.0.0/8 (the SSRF tests use a host without it); retries are fast and attempts few, so a test sees the whole
/// schedule in seconds.
/// </summary>
public class WebhookHost : ApiFactory, IAsyncLifetime
{
    public WebhookReceiver Receiver { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Webhooks:AllowedNetworks:0"] = "127.0.0.0/8",
        ["Webhooks:RetryBaseDelay"] = "00:00:00.100",
        ["Webhooks:MaxRetryDelay"] = "00:00:05",
        ["Webhooks:MaxAttempts"] = "4",
        ["Webhooks:Timeout"] = "00:00:02",
        ["Webhooks:PollInterval"] = "00:00:00.200",
    };

    public async Task InitializeAsync() => Receiver = await WebhookReceiver.StartAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await DisposeAsync();
    }

    /// <summary>Creates a webhook through the API; returns its id and secret.</summary>
    public async Task<(string Id, string Secret)> CreateWebhookAsync(string url, string[] events, string[]? kpis = null, string? period = null)
    {
        var response = await Admin().PostAsJsonAsync("/api/webhooks", new { url, events, kpis, period });
        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    public async Task<string> SendTestAsync(string webhookId)
    {
        var response = await Admin().PostAsync($"/api/webhooks/{webhookId}/test", null);
        return (await response.ShouldBeJsonAsync(HttpStatusCode.Accepted)).GetProperty("eventId").GetString()!;
    }

    public async Task<JsonElement> WebhookAsync(string webhookId) =>
        await (await Admin().GetAsync($"/api/webhooks/{webhookId}")).ShouldBeJsonAsync(HttpStatusCode.OK);

    public async Task<List<JsonElement>> DeliveriesAsync(string webhookId) =>
        [.. (await (await Admin().GetAsync($"/api/webhooks/{webhookId}/deliveries")).ShouldBeJsonAsync(HttpStatusCode.OK)).EnumerateArray()];

    /// <summary>The log once <paramref name="done"/> holds (the attempt is recorded just after the receiver answered it).</summary>
    public Task<List<JsonElement>> DeliveriesWhenAsync(string webhookId, Func<List<JsonElement>, bool> done) =>
        Eventually.Async(() => DeliveriesAsync(webhookId), done, TimeSpan.FromSeconds(30));
}
