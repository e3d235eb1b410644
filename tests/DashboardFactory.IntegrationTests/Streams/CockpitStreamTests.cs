using System.Net;
using System.Text.Json;
using DashboardFactory.Alerts;
using DashboardFactory.Api.RealTime;
using DashboardFactory.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;

namespace DashboardFactory.IntegrationTests.Streams;

/// <summary>GET /api/streams/cockpits/{id}: cockpitUpdated and alert over Server-Sent Events, with ids and Last-Event-ID resume.</summary>
public sealed class CockpitStreamTests(CockpitStreamTests.Host api) : IClassFixture<CockpitStreamTests.Host>
{
    [Fact]
    public async Task TheStreamCarriesTheCockpitsUpdatesAndAlertsWithIncreasingIds()
    {
        var (id, ownerToken) = await api.NewCockpitAsync();
        using var response = await api.ClientWithToken(ownerToken).OpenStreamAsync($"/api/streams/cockpits/{id}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync());
        (await sse.NextAsync()).Retry.Should().Be("3000");

        await api.RenameAsync(id, "Late shift");
        var update = await sse.NextEventAsync();
        await PublishAlertAsync(id, "feat-x was removed from your cockpit: broken");
        var alert = await sse.NextEventAsync();

        update.Event.Should().Be("cockpitUpdated");
        var data = Json(update);
        data.GetProperty("cockpitId").GetString().Should().Be(id);
        data.GetProperty("reason").GetString().Should().Be("customized");
        alert.Event.Should().Be("alert");
        Json(alert).GetProperty("message").GetString().Should().Be("feat-x was removed from your cockpit: broken");
        Json(alert).GetProperty("cockpitId").GetString().Should().Be(id);
        long.Parse(alert.Id!).Should().BeGreaterThan(long.Parse(update.Id!));
    }

    [Fact]
    public async Task AClientThatReconnectsWithLastEventIdGetsWhatItMissedOnceAndInOrder()
    {
        var (id, ownerToken) = await api.NewCockpitAsync();
        var client = api.ClientWithToken(ownerToken);
        string lastId;
        using (var watcher = await client.OpenStreamAsync($"/api/streams/cockpits/{id}"))
        using (var sse = new SseReader(await watcher.Content.ReadAsStreamAsync()))
        {
            await api.RenameAsync(id, "one");
            lastId = (await sse.NextEventAsync()).Id!;
        }

        // A second stream keeps the node watching while the first client is away, and proves each change arrived.
        using var keeper = await client.OpenStreamAsync($"/api/streams/cockpits/{id}");
        using var keeperEvents = new SseReader(await keeper.Content.ReadAsStreamAsync());
        await api.RenameAsync(id, "two");
        await keeperEvents.NextEventAsync();
        await api.RenameAsync(id, "three");
        await keeperEvents.NextEventAsync();

        using var resumed = await client.OpenStreamAsync($"/api/streams/cockpits/{id}", lastEventId: lastId);
        using var replay = new SseReader(await resumed.Content.ReadAsStreamAsync());
        await replay.NextAsync();
        var missed1 = await replay.NextEventAsync();
        var missed2 = await replay.NextEventAsync();
        await api.RenameAsync(id, "four");
        var live = await replay.NextEventAsync();

        var titles = new[] { missed1, missed2, live }.Select(e => long.Parse(e.Id!)).ToList();
        titles.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        long.Parse(missed1.Id!).Should().BeGreaterThan(long.Parse(lastId));
        new[] { missed1, missed2, live }.Should().OnlyContain(e => e.Event == "cockpitUpdated");
    }

    [Fact]
    public async Task ResumingWhereThisNodeHasNoHistoryStartsWithTheCockpitAsItIsNow()
    {
        var (id, ownerToken) = await api.NewCockpitAsync();
        await api.RenameAsync(id, "changed before anybody watched");

        using var response = await api.ClientWithToken(ownerToken).OpenStreamAsync($"/api/streams/cockpits/{id}?lastEventId=1");
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync());
        await sse.NextAsync();
        var gap = await sse.NextAsync();
        var current = await sse.NextEventAsync();

        gap.Comments.Should().ContainSingle().Which.Should().Contain("gone");
        current.Event.Should().Be("cockpitUpdated");
        Json(current).GetProperty("version").GetString().Should().Be("1.0.0");
    }

    [Fact]
    public async Task AnIdleStreamSendsKeepAliveComments()
    {
        var (id, ownerToken) = await api.NewCockpitAsync();
        using var response = await api.ClientWithToken(ownerToken).OpenStreamAsync($"/api/streams/cockpits/{id}");
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync());

        await sse.NextAsync();

        (await sse.NextAsync()).Comments.Should().Equal(["keep-alive"]);
    }

    [Fact]
    public async Task OnlyTheOwnerAndAdminsSeeACockpitsStream()
    {
        var (id, _) = await api.NewCockpitAsync();
        var stranger = api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("op"), "operator"));

        using var refused = await stranger.OpenStreamAsync($"/api/streams/cockpits/{id}");
        using var admin = await api.Admin().OpenStreamAsync($"/api/streams/cockpits/{id}");
        using var unknown = await api.Admin().OpenStreamAsync($"/api/streams/cockpits/{ApiFactory.NewId("c")}");
        using var badId = await api.Admin().OpenStreamAsync("/api/streams/cockpits/not%20ok");
        using var badResume = await api.Admin().OpenStreamAsync($"/api/streams/cockpits/{id}", lastEventId: "yesterday");

        await refused.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        admin.StatusCode.Should().Be(HttpStatusCode.OK);
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await badId.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await badResume.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Last-Event-ID", out _).Should().BeTrue();
    }

    [Fact]
    public async Task AStreamAndAHubConnectionOnOneCockpitBothHearOfAChangeThroughTheNodesOneSubscription()
    {
        var (id, ownerToken) = await api.NewCockpitAsync();
        await using var hub = await CockpitHubProbe.ConnectAsync(api, ownerToken);
        await hub.JoinAsync(id);
        using var response = await api.ClientWithToken(ownerToken).OpenStreamAsync($"/api/streams/cockpits/{id}");
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync());
        await sse.NextAsync();

        await api.RenameAsync(id, "Heard twice");
        var streamed = await sse.NextEventAsync();
        var pushed = await hub.WaitForUpdateAsync(id);

        Json(streamed).GetProperty("version").GetString().Should().Be(pushed.GetProperty("version").GetString(), "both carry the change to {0}", id);
        var cluster = api.Service<IClusterClient>();
        var probe = cluster.CreateObjectReference<ICockpitObserver>(new IgnoringObserver());
        var leases = await cluster.GetGrain<ICockpitGrain>(id).WatchAsync(new CockpitWatch("probe", 0, TimeSpan.FromMinutes(1), probe));
        leases.Nodes.Should().Be(1, "the stream listens through the hub's relay: this node holds one lease on {0}", id);
        api.Service<CockpitEventRelay>().StreamSubscriptions.Should().Be(CockpitStreams.Partitions, "alerts, each partition once");
    }

    private Task PublishAlertAsync(string cockpitId, string message) =>
        api.Service<IClusterClient>().GetStreamProvider(ProviderNames.Streams)
            .GetStream<AlertEvent>(StreamId.Create(StreamNamespaces.CockpitAlerts, CockpitStreams.KeyOf(cockpitId)))
            .OnNextAsync(new AlertEvent("feature.rolled_back", message, "feat-x", cockpitId, DateTimeOffset.UtcNow));

    private static JsonElement Json(SseBlock block) => JsonDocument.Parse(block.Data!).RootElement;

    private sealed class IgnoringObserver : ICockpitObserver
    {
        public Task OnCockpitUpdatedAsync(CockpitUpdated update) => Task.CompletedTask;
    }

    public sealed class Host : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Streams:KeepAlive"] = "00:00:00.300",
        };
    }
}
