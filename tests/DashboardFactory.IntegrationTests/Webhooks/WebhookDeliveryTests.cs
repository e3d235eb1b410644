using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>Webhooks delivered to a real HTTP receiver: signatures, retries, 410, rotation, redirects, time-outs.</summary>
public sealed class WebhookDeliveryTests(WebhookHost host) : IClassFixture<WebhookHost>
{
    [Fact]
    public async Task ATestEventArrivesSignedPerStandardWebhooksAndIsLoggedDelivered()
    {
        var hook = host.Receiver.NewHook();
        var (id, secret) = await host.CreateWebhookAsync(hook.Url, ["feature.stage_changed"]);

        var eventId = await host.SendTestAsync(id);

        var request = (await hook.WaitForAsync(1))[0];
        request.Id.Should().Be(eventId, "webhook-id is the event's id");
        request.Headers["content-type"].Should().StartWith("application/json");
        long.Parse(request.Timestamp).Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 60);
        request.Signature.Should().StartWith("v1,");
        StandardWebhooksVerifier.Verify(secret, request).Should().BeTrue("the signature of {0} verifies per the spec", eventId);
        StandardWebhooksVerifier.Verify("whsec_" + Convert.ToBase64String(new byte[32]), request).Should().BeFalse("another secret must not verify");
        var body = request.Json;
        body.GetProperty("type").GetString().Should().Be("webhook.test");
        body.GetProperty("timestamp").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        body.GetProperty("data").GetProperty("webhookId").GetString().Should().Be(id);
        var log = await host.DeliveriesWhenAsync(id, l => l.Any(d => d.GetProperty("status").GetString() == "delivered"));
        var line = log.Single(d => d.GetProperty("eventId").GetString() == eventId);
        line.GetProperty("status").GetString().Should().Be("delivered");
        line.GetProperty("attempt").GetInt32().Should().Be(1);
        line.GetProperty("responseStatus").GetInt32().Should().Be(204);
        line.GetProperty("type").GetString().Should().Be("webhook.test");
    }

    [Fact]
    public async Task AReceiverThatFailsTwiceThenSucceedsGetsThreeAttemptsWithOneWebhookIdAndFreshTimestamps()
    {
        // 503 with Retry-After: 1 makes the second attempt wait at least a second, so its timestamp must differ.
        var hook = host.Receiver.NewHook().Then(
            Hook.Status(503, "busy", ("Retry-After", "1")),
            Hook.Status(500, "oops"),
            Hook.Status(200, "thanks"));
        var (id, secret) = await host.CreateWebhookAsync(hook.Url, ["feature.stage_changed"]);

        var eventId = await host.SendTestAsync(id);

        var requests = await hook.WaitForAsync(3);
        requests.Should().HaveCount(3);
        requests.Select(r => r.Id).Should().AllBe(eventId, "every retry of one event carries the same webhook-id");
        requests.Select(r => r.Body).Distinct().Should().ContainSingle("the body is the same bytes on every attempt");
        requests.Should().AllSatisfy(r => StandardWebhooksVerifier.Verify(secret, r).Should().BeTrue("each attempt is signed with its own timestamp"));
        long.Parse(requests[1].Timestamp).Should().BeGreaterThan(long.Parse(requests[0].Timestamp), "webhook-timestamp is fresh per attempt");
        (requests[1].At - requests[0].At).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9), "Retry-After: 1 on a 503 is honoured");
        var log = await host.DeliveriesWhenAsync(id, l => l.Any(d => d.GetProperty("status").GetString() == "delivered"));
        var lines = log.Where(d => d.GetProperty("eventId").GetString() == eventId).OrderBy(d => d.GetProperty("attempt").GetInt32()).ToList();
        lines.Select(d => (d.GetProperty("attempt").GetInt32(), d.GetProperty("status").GetString(), d.GetProperty("responseStatus").GetInt32()))
            .Should().Equal((1, "failed", 503), (2, "failed", 500), (3, "delivered", 200));
        lines[0].GetProperty("nextAttemptAt").GetDateTimeOffset().Should().BeOnOrAfter(lines[0].GetProperty("at").GetDateTimeOffset().AddSeconds(1));
        lines[2].GetProperty("responseBody").GetString().Should().Be("thanks");
    }

    [Fact]
    public async Task AReceiverThatNeverSucceedsIsAbandonedAfterMaxAttempts()
    {
        var hook = host.Receiver.NewHook().Always(Hook.Status(500));
        var (id, _) = await host.CreateWebhookAsync(hook.Url, ["campaign.completed"]);

        var eventId = await host.SendTestAsync(id);

        var log = await host.DeliveriesWhenAsync(id, l => l.Any(d => d.GetProperty("status").GetString() == "abandoned"));
        (await hook.WaitForAsync(4)).Should().HaveCount(4, "Webhooks:MaxAttempts is 4 on this host");
        var last = log.Single(d => d.GetProperty("status").GetString() == "abandoned");
        last.GetProperty("eventId").GetString().Should().Be(eventId);
        last.GetProperty("attempt").GetInt32().Should().Be(4);
        last.GetProperty("nextAttemptAt").ValueKind.Should().Be(JsonValueKind.Null);
        (await host.WebhookAsync(id)).GetProperty("enabled").GetBoolean().Should().BeTrue("failures abandon an event, not the webhook");
    }

    [Fact]
    public async Task A410DisablesTheWebhookAndItTakesNoMoreEvents()
    {
        var hook = host.Receiver.NewHook().Always(Hook.Status(410));
        var (id, _) = await host.CreateWebhookAsync(hook.Url, ["campaign.completed"]);

        await host.SendTestAsync(id);

        await hook.WaitForAsync(1);
        var webhook = await Eventually.Async(() => host.WebhookAsync(id), w => !w.GetProperty("enabled").GetBoolean(), TimeSpan.FromSeconds(20));
        webhook.GetProperty("enabled").GetBoolean().Should().BeFalse();
        webhook.GetProperty("disabledReason").GetString().Should().Contain("410");
        var again = await host.Admin().PostAsync($"/api/webhooks/{id}/test", null);
        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString().Should().Contain("disabled");
        hook.Requests.Should().HaveCount(1, "a disabled webhook is sent nothing more");
    }

    [Fact]
    public async Task AfterARotationBothSecretsSignUntilTheGraceEnds()
    {
        var hook = host.Receiver.NewHook();
        var (id, oldSecret) = await host.CreateWebhookAsync(hook.Url, ["campaign.completed"]);

        var rotated = await (await host.Admin().PostAsync($"/api/webhooks/{id}/rotate", null)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var newSecret = rotated.GetProperty("secret").GetString()!;
        await host.SendTestAsync(id);

        var request = (await hook.WaitForAsync(1))[0];
        newSecret.Should().StartWith("whsec_").And.NotBe(oldSecret);
        rotated.GetProperty("previousValidUntil").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(24), TimeSpan.FromMinutes(5));
        request.Signature.Split(' ').Should().HaveCount(2, "the current and the previous secret both sign during the grace");
        StandardWebhooksVerifier.Verify(newSecret, request).Should().BeTrue("the new secret verifies");
        StandardWebhooksVerifier.Verify(oldSecret, request).Should().BeTrue("a receiver still on the old secret verifies too");
    }

    [Fact]
    public async Task RedirectsAreNotFollowed()
    {
        var hook = host.Receiver.NewHook().Always(Hook.Status(307, null, ("Location", "/elsewhere")));
        var (id, _) = await host.CreateWebhookAsync(hook.Url, ["campaign.completed"]);

        await host.SendTestAsync(id);

        var log = await host.DeliveriesWhenAsync(id, l => l.Any(d => d.GetProperty("status").GetString() == "failed"));
        var failed = log.First(d => d.GetProperty("status").GetString() == "failed");
        failed.GetProperty("responseStatus").GetInt32().Should().Be(307);
        failed.GetProperty("error").GetString().Should().Contain("not followed");
        host.Receiver.Strays.Should().NotContain("/elsewhere", "the redirect target is never requested");
    }

    [Fact]
    public async Task AReceiverThatDoesNotAnswerInTimeIsAFailedAttempt()
    {
        var hook = host.Receiver.NewHook();
        hook.Then(hook.Held);
        var (id, _) = await host.CreateWebhookAsync(hook.Url, ["campaign.completed"]);

        await host.SendTestAsync(id);

        var log = await host.DeliveriesWhenAsync(id, l => l.Any(d => d.GetProperty("status").GetString() == "failed"));
        var failed = log.First(d => d.GetProperty("status").GetString() == "failed");
        failed.GetProperty("error").GetString().Should().Contain("No answer within 2 s", "Webhooks:Timeout is 2 s on this host");
        failed.GetProperty("responseStatus").ValueKind.Should().Be(JsonValueKind.Null);
        (await host.DeliveriesWhenAsync(id, l => l.Any(d => d.GetProperty("status").GetString() == "delivered"))).Should()
            .Contain(d => d.GetProperty("status").GetString() == "delivered", "the retry is answered");
        hook.ReleaseAll();
    }

    [Fact]
    public async Task OnlyTheFirstKilobyteOfAnAnswerIsKept()
    {
        var hook = host.Receiver.NewHook().Always(Hook.Status(200, new string('x', 5000)));
        var (id, _) = await host.CreateWebhookAsync(hook.Url, ["campaign.completed"]);

        await host.SendTestAsync(id);

        var log = await host.DeliveriesWhenAsync(id, l => l.Any(d => d.GetProperty("status").GetString() == "delivered"));
        log.Single().GetProperty("responseBody").GetString().Should().HaveLength(1024);
    }

    [Fact]
    public async Task EventsWrittenToTheOutboxReachTheWebhooksThatSubscribeToThem()
    {
        var subscribed = host.Receiver.NewHook();
        var other = host.Receiver.NewHook();
        var (_, secret) = await host.CreateWebhookAsync(subscribed.Url, ["feature.stage_changed"]);
        await host.CreateWebhookAsync(other.Url, ["campaign.halted"]);
        var featureId = ApiFactory.NewId("feat");
        (await host.Admin().PostAsJsonAsync("/api/features", new { id = featureId, name = "Gauge", description = "A gauge" })).StatusCode.Should().Be(HttpStatusCode.Created);

        (await host.Admin().PostAsJsonAsync($"/api/features/{featureId}/deprecate", new { reason = "superseded" })).StatusCode.Should().Be(HttpStatusCode.OK);

        var request = (await subscribed.WaitForAsync(1))[0];
        StandardWebhooksVerifier.Verify(secret, request).Should().BeTrue();
        request.Json.GetProperty("type").GetString().Should().Be("feature.stage_changed");
        var data = request.Json.GetProperty("data");
        data.GetProperty("featureId").GetString().Should().Be(featureId);
        data.GetProperty("to").GetString().Should().Be("deprecated");
        other.Requests.Should().BeEmpty("a webhook gets only the events it subscribes to");
    }

    [Fact]
    public async Task DeletingAWebhookDisablesItAndKeepsItsLog()
    {
        var hook = host.Receiver.NewHook();
        var (id, _) = await host.CreateWebhookAsync(hook.Url, ["campaign.completed"]);
        await host.SendTestAsync(id);
        await host.DeliveriesWhenAsync(id, l => l.Any(d => d.GetProperty("status").GetString() == "delivered"));

        var deleted = await (await host.Admin().DeleteAsync($"/api/webhooks/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);

        deleted.GetProperty("enabled").GetBoolean().Should().BeFalse();
        deleted.GetProperty("disabledReason").GetString().Should().Contain("Deleted");
        (await host.WebhookAsync(id)).GetProperty("enabled").GetBoolean().Should().BeFalse();
        (await host.DeliveriesAsync(id)).Should().ContainSingle(d => d.GetProperty("status").GetString() == "delivered");
    }
}
