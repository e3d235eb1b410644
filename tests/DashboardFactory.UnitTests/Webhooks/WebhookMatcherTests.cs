using System.Text.Json;
using DashboardFactory.Kpis;
using DashboardFactory.Outbox;
using DashboardFactory.Webhooks;

namespace DashboardFactory.UnitTests.Webhooks;

public sealed class WebhookMatcherTests
{
    private static readonly DateTimeOffset At = new(2025, 6, 2, 8, 0, 0, TimeSpan.Zero);

    private static WebhookView Webhook(string id, string[] events, string[]? kpis = null, KpiPeriod? period = null, bool enabled = true) =>
        new(id, "https://example.com/" + id, events, kpis ?? [], period, enabled, null, At, null);

    private static OutboxEvent KpiValue(string code, string period) =>
        new($"kpi.value:{code}:{period}", "kpi.value", JsonSerializer.Serialize(new { code, period, count = 1 }), At);

    [Fact]
    public void AnEventGoesToTheEnabledWebhooksThatSubscribeToItsType()
    {
        var e = new OutboxEvent("e1", "campaign.completed", "{}", At);
        WebhookView[] webhooks =
        [
            Webhook("wh_yes", ["campaign.completed", "campaign.halted"]),
            Webhook("wh_other", ["campaign.halted"]),
            Webhook("wh_off", ["campaign.completed"], enabled: false),
        ];

        WebhookMatcher.Recipients(e, webhooks).Select(w => w.Id).Should().Equal("wh_yes");
    }

    [Fact]
    public void KpiValuesGoOnlyToSinksOfThatCodeAndPeriod()
    {
        WebhookView[] webhooks =
        [
            Webhook("wh_oee_minute", ["kpi.value"], ["oee"], KpiPeriod.Minute),
            Webhook("wh_oee_hour", ["kpi.value"], ["oee"], KpiPeriod.Hour),
            Webhook("wh_scrap", ["kpi.value"], ["scrap"], KpiPeriod.Minute),
        ];

        WebhookMatcher.Recipients(KpiValue("oee", "minute"), webhooks).Select(w => w.Id).Should().Equal("wh_oee_minute");
        WebhookMatcher.Recipients(KpiValue("oee", "hour"), webhooks).Select(w => w.Id).Should().Equal("wh_oee_hour");
        WebhookMatcher.Recipients(KpiValue("oee", "day"), webhooks).Should().BeEmpty();
    }

    [Fact]
    public void TheBodyIsTypeTimestampAndTheEventsOwnData()
    {
        var e = new OutboxEvent("e1", "campaign.halted", """{"campaignId":"c-1","reason":"Wave 2 failed"}""", At.AddMilliseconds(123));

        var body = JsonDocument.Parse(WebhookPayload.Body(e)).RootElement;

        body.EnumerateObject().Select(p => p.Name).Should().Equal("type", "timestamp", "data");
        body.GetProperty("type").GetString().Should().Be("campaign.halted");
        body.GetProperty("timestamp").GetString().Should().Be("2025-06-02T08:00:00.123Z");
        body.GetProperty("data").GetProperty("reason").GetString().Should().Be("Wave 2 failed");
        WebhookPayload.Body(e).Should().Be(WebhookPayload.Body(e), "the body is the same bytes however often it is built");
    }
}
