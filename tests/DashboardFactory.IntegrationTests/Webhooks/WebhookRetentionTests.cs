using System.Net;
using System.Net.Http.Json;
using DashboardFactory.Audit;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Outbox;
using DashboardFactory.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>
/// Webhooks:Retention in the embedded mode: dispatched outbox events, finished deliveries and their log, and the
/// in-memory audit log are trimmed, so a long-running embedded process does not grow without end. (The PostgreSQL
/// tables are trimmed by the same call; see WebhookStorePostgresTests.)
/// </summary>
public sealed class WebhookRetentionTests(WebhookRetentionTests.ShortRetentionHost host) : IClassFixture<WebhookRetentionTests.ShortRetentionHost>
{
    [Fact]
    public async Task TrimmingRemovesWhatIsOlderThanTheRetentionFromOutboxLogAndAudit()
    {
        var hook = host.Receiver.NewHook();
        var (webhookId, _) = await host.CreateWebhookAsync(hook.Url, ["feature.stage_changed"]);
        var featureId = ApiFactory.NewId("feat");
        (await host.Admin().PostAsJsonAsync("/api/features", new { id = featureId, name = "Gauge", description = "A gauge" })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await host.Admin().PostAsJsonAsync($"/api/features/{featureId}/deprecate", new { reason = "superseded" })).StatusCode.Should().Be(HttpStatusCode.OK);
        await hook.WaitForAsync(1);
        await host.DeliveriesWhenAsync(webhookId, l => l.Any(d => d.GetProperty("status").GetString() == "delivered"));
        var clusterId = host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;
        MemoryOutbox.For(clusterId).Events.Should().Contain(e => e.PayloadJson.Contains(featureId));
        (await MemoryAuditLog.For(clusterId).ListAsync("feature", featureId)).Should().NotBeEmpty();

        var removed = await host.Service<IGrainFactory>().GetGrain<IWebhookDispatcherGrain>("default").TrimNowAsync();

        removed.Should().BeGreaterThanOrEqualTo(4, "an outbox event, a delivery, its log line and the feature's audit entries are past a 1 ms retention");
        MemoryOutbox.For(clusterId).Events.Should().NotContain(e => e.PayloadJson.Contains(featureId));
        (await host.DeliveriesAsync(webhookId)).Should().BeEmpty();
        (await MemoryAuditLog.For(clusterId).ListAsync("feature", featureId)).Should().BeEmpty();
    }

    public sealed class ShortRetentionHost : WebhookHost
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Webhooks:Retention"] = "00:00:00.001",
            ["Webhooks:TrimPeriod"] = "1.00:00:00",
        };
    }
}
