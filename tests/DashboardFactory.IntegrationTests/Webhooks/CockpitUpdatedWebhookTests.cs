using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;
using DashboardFactory.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Microsoft.Extensions.Options;

namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>
/// cockpit.updated is written where the change happens, and only while some enabled webhook subscribes to it: with
/// none, a cockpit change writes nothing to the outbox (the rollout path pays nothing for webhooks).
/// </summary>
public sealed class CockpitUpdatedWebhookTests(WebhookHost host) : IClassFixture<WebhookHost>
{
    [Fact]
    public async Task ACockpitChangeIsAWebhookEventOnlyWhileSomeWebhookSubscribesToIt()
    {
        var (cockpitId, _) = await host.NewCockpitAsync();
        await host.RenameAsync(cockpitId, "Nobody listens");
        OutboxEventsAbout(cockpitId).Should().BeEmpty("no webhook subscribes to cockpit.updated yet");

        var hook = host.Receiver.NewHook();
        var (webhookId, secret) = await host.CreateWebhookAsync(hook.Url, ["cockpit.updated"]);
        await host.RenameAsync(cockpitId, "Now somebody does");

        var request = (await hook.WaitForAsync(1))[0];
        StandardWebhooksVerifier.Verify(secret, request).Should().BeTrue();
        request.Json.GetProperty("type").GetString().Should().Be("cockpit.updated");
        var data = request.Json.GetProperty("data");
        data.GetProperty("cockpitId").GetString().Should().Be(cockpitId);
        data.GetProperty("reason").GetString().Should().Be("customized");
        data.GetProperty("version").GetString().Should().Be("1.0.0");
        OutboxEventsAbout(cockpitId).Should().ContainSingle("only the change made while subscribed is an event");

        await host.Admin().DeleteAsync($"/api/webhooks/{webhookId}");
        await host.RenameAsync(cockpitId, "Nobody listens again");
        OutboxEventsAbout(cockpitId).Should().ContainSingle("a deleted webhook subscribes to nothing");
    }

    private List<OutboxEvent> OutboxEventsAbout(string cockpitId)
    {
        var clusterId = host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;
        return [.. MemoryOutbox.For(clusterId).Events.Where(e => e.Type == "cockpit.updated" && e.PayloadJson.Contains(cockpitId, StringComparison.Ordinal))];
    }
}
