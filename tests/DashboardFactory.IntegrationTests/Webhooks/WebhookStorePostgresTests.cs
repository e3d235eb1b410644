using DashboardFactory.Database;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Outbox;
using DashboardFactory.Webhooks;
using Npgsql;

namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>The SQL of the outbox's way out, the delivery queue and log, and the generated secret key, on real PostgreSQL.</summary>
public sealed class WebhookStorePostgresTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 2, 8, 0, 0, TimeSpan.Zero);

    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync("webhooks");
        await SchemaMigrator.MigrateAsync(_database.ConnectionString);
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TheOutboxHandsOutPendingEventsOnceDispatchedAndTrimsOnlyDispatchedOldOnes()
    {
        var outbox = new PostgresOutbox(_dataSource);
        await outbox.EnqueueAsync(new OutboxEvent("old", "campaign.completed", """{"n":1}""", T0));
        await outbox.EnqueueAsync(new OutboxEvent("old", "campaign.completed", """{"n":1}""", T0));
        await outbox.EnqueueAsync(new OutboxEvent("kept", "campaign.completed", """{"n":2}""", T0));

        (await outbox.PendingAsync(10)).Select(e => e.Id).Should().Equal("old", "kept");
        await outbox.MarkDispatchedAsync(["old"], T0.AddMinutes(1));

        (await outbox.PendingAsync(10)).Select(e => e.Id).Should().Equal("kept");
        (await outbox.TrimAsync(T0.AddDays(1))).Should().Be(1, "only the dispatched event is trimmed; one still pending stays whatever its age");
        (await _database.ScalarAsync<long>("SELECT count(*) FROM webhook_outbox")).Should().Be(1);
    }

    [Fact]
    public async Task DeliveriesAreQueuedOnceRetriedWhenDueLoggedAndTrimmed()
    {
        var store = new PostgresWebhookStore(_dataSource);
        var delivery = new WebhookDelivery("wh_1", "e1", "campaign.completed", """{"type":"campaign.completed"}""", T0, 0, T0);
        await store.AddAsync([delivery, delivery with { EventId = "e2" }]);
        await store.AddAsync([delivery with { Body = "ignored" }]);

        (await store.DueAsync("wh_1", T0, 10)).Select(d => (d.EventId, d.Body)).Should().Equal(
            ("e1", """{"type":"campaign.completed"}"""), ("e2", """{"type":"campaign.completed"}"""));
        await store.RecordAsync(
        [
            new WebhookAttempt("wh_1", "e1", "campaign.completed", 1, WebhookDeliveryStatus.Failed, 500, T0.AddSeconds(1), T0.AddSeconds(10), "HTTP 500.", "oops"),
            new WebhookAttempt("wh_1", "e2", "campaign.completed", 1, WebhookDeliveryStatus.Delivered, 200, T0.AddSeconds(2), null, null, null),
        ]);

        (await store.DueAsync("wh_1", T0.AddSeconds(5), 10)).Should().BeEmpty();
        (await store.NextDueAsync("wh_1")).Should().Be(T0.AddSeconds(10));
        (await store.DueAsync("wh_1", T0.AddSeconds(10), 10)).Single().Attempts.Should().Be(1);
        var log = await store.ListAsync("wh_1", 10);
        log.Select(l => (l.EventId, l.Attempt, l.Status, l.ResponseStatus)).Should().Equal(
            ("e2", 1, WebhookDeliveryStatus.Delivered, 200), ("e1", 2, WebhookDeliveryStatus.Pending, null), ("e1", 1, WebhookDeliveryStatus.Failed, 500));
        log[2].ResponseBody.Should().Be("oops");
        log[2].NextAttemptAt.Should().Be(T0.AddSeconds(10));

        await store.AbandonPendingAsync("wh_1", "The webhook was disabled.", T0.AddSeconds(3));
        (await store.NextDueAsync("wh_1")).Should().BeNull();
        (await store.ListAsync("wh_1", 10)).First().Status.Should().Be(WebhookDeliveryStatus.Abandoned);
        (await store.TrimAsync(T0.AddDays(1))).Should().Be(5, "three log lines and two finished deliveries");
        (await store.ListAsync("wh_1", 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task AnAttemptRecordedAfterTheWebhookWasDisabledDoesNotRevivePendingWork()
    {
        var store = new PostgresWebhookStore(_dataSource);
        await store.AddAsync([new WebhookDelivery("wh_2", "e1", "t", "{}", T0, 0, T0)]);
        await store.AbandonPendingAsync("wh_2", "deleted", T0.AddSeconds(1));

        await store.RecordAsync([new WebhookAttempt("wh_2", "e1", "t", 1, WebhookDeliveryStatus.Failed, 500, T0.AddSeconds(2), T0.AddSeconds(9), "HTTP 500.", null)]);

        (await store.NextDueAsync("wh_2")).Should().BeNull("an attempt that was in flight when the webhook was disabled is only logged");
    }

    [Fact]
    public async Task EverySiloGetsTheSameGeneratedSecretKey()
    {
        var first = await new PostgresKeySource(_dataSource).GetKeyAsync();
        var second = await new PostgresKeySource(_dataSource).GetKeyAsync();

        first.Should().HaveCount(32);
        second.Should().Equal(first);
    }
}
