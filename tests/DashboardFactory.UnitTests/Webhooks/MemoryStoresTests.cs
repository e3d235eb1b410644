using DashboardFactory.Audit;
using DashboardFactory.Outbox;
using DashboardFactory.Webhooks;

namespace DashboardFactory.UnitTests.Webhooks;

/// <summary>The embedded mode's outbox, delivery store and audit log: per cluster, idempotent, and bounded by trimming.</summary>
public sealed class MemoryStoresTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 2, 8, 0, 0, TimeSpan.Zero);

    private static string NewCluster() => "unit-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task TheOutboxKeepsEventsPerClusterOnceEachAndTrimsOnlyDispatchedOldOnes()
    {
        var cluster = NewCluster();
        var outbox = MemoryOutbox.For(cluster);
        await outbox.EnqueueAsync(new OutboxEvent("old", "t", "{}", T0));
        await outbox.EnqueueAsync(new OutboxEvent("old", "t", "{}", T0));
        await outbox.EnqueueAsync(new OutboxEvent("undispatched", "t", "{}", T0));
        await outbox.EnqueueAsync(new OutboxEvent("new", "t", "{}", T0.AddDays(8)));

        await outbox.MarkDispatchedAsync(["old", "new"], T0.AddDays(8));
        var removed = await outbox.TrimAsync(T0.AddDays(1));

        removed.Should().Be(1);
        outbox.Events.Select(e => e.Id).Should().Equal("undispatched", "new");
        (await outbox.PendingAsync(10)).Select(e => e.Id).Should().Equal("undispatched");
        MemoryOutbox.For(NewCluster()).Events.Should().BeEmpty("another cluster has an outbox of its own");
    }

    [Fact]
    public async Task DeliveriesAreQueuedOnceRetriedWhenDueAndListedNewestFirst()
    {
        var store = MemoryWebhookStore.For(NewCluster());
        var delivery = new WebhookDelivery("wh_1", "e1", "t", "{}", T0, 0, T0);
        await store.AddAsync([delivery, delivery with { EventId = "e2" }]);
        await store.AddAsync([delivery with { Body = "ignored" }]);

        (await store.DueAsync("wh_1", T0, 10)).Select(d => (d.EventId, d.Body)).Should().Equal(("e1", "{}"), ("e2", "{}"));
        await store.RecordAsync(
        [
            new WebhookAttempt("wh_1", "e1", "t", 1, WebhookDeliveryStatus.Failed, 500, T0.AddSeconds(1), T0.AddSeconds(10), "HTTP 500.", null),
            new WebhookAttempt("wh_1", "e2", "t", 1, WebhookDeliveryStatus.Delivered, 200, T0.AddSeconds(2), null, null, "ok"),
        ]);

        (await store.DueAsync("wh_1", T0.AddSeconds(5), 10)).Should().BeEmpty("e1 waits for its retry, e2 is delivered");
        (await store.NextDueAsync("wh_1")).Should().Be(T0.AddSeconds(10));
        (await store.DueAsync("wh_1", T0.AddSeconds(10), 10)).Single().Attempts.Should().Be(1);
        var log = await store.ListAsync("wh_1", 10);
        log.Select(l => (l.EventId, l.Attempt, l.Status)).Should().Equal(
            ("e2", 1, WebhookDeliveryStatus.Delivered), ("e1", 2, WebhookDeliveryStatus.Pending), ("e1", 1, WebhookDeliveryStatus.Failed));
    }

    [Fact]
    public async Task DisablingAbandonsWhatIsPendingAndTrimmingRemovesFinishedOldLines()
    {
        var store = MemoryWebhookStore.For(NewCluster());
        await store.AddAsync([new WebhookDelivery("wh_1", "e1", "t", "{}", T0, 0, T0)]);

        await store.AbandonPendingAsync("wh_1", "gone", T0.AddSeconds(1));

        (await store.NextDueAsync("wh_1")).Should().BeNull();
        (await store.ListAsync("wh_1", 10)).Single().Status.Should().Be(WebhookDeliveryStatus.Abandoned);
        (await store.TrimAsync(T0.AddDays(1))).Should().Be(2, "the log line and the finished delivery");
        (await store.ListAsync("wh_1", 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task TheAuditLogForgetsEntriesOlderThanTheCutoffAndOnlyThose()
    {
        var audit = MemoryAuditLog.For(NewCluster());
        await audit.AppendAsync("feature", "f1", "a", new AuditEntry(T0, "admin", "created", null, null));
        await audit.AppendAsync("feature", "f1", "b", new AuditEntry(T0.AddDays(10), "admin", "voted", null, null));

        audit.Trim(T0.AddDays(1)).Should().Be(1);

        (await audit.ListAsync("feature", "f1")).Select(e => e.Action).Should().Equal("voted");
    }
}
