using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Kpis;
using Orleans.Streams;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>GET /api/streams/kpis/{code}?period= read by a real HttpClient as an EventSource would.</summary>
public sealed class KpiSseTests(KpiSseTests.Host api) : IClassFixture<KpiSseTests.Host>
{
    [Fact]
    public async Task TheStreamStartsWithTheCurrentValueAndCarriesEachChangeAsAKpiValueEvent()
    {
        var code = KpiScenario.NewCode();
        var minute = KpiScenario.LastMinute;
        await api.IngestAsync(code, minute, 3);
        using var response = await OpenAsync(api.Admin(), $"/api/streams/kpis/{code}?period=minute");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        response.Headers.CacheControl!.NoCache.Should().BeTrue();
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync());
        (await sse.NextAsync()).Retry.Should().Be("3000", "the stream tells EventSource how soon to reconnect");
        var initial = await sse.NextEventAsync();
        await api.IngestAsync(code, minute, 9, second: 11);
        var change = await sse.NextEventAsync();

        initial.Event.Should().Be("kpiValue");
        Json(initial).GetProperty("count").GetInt64().Should().Be(1);
        change.Event.Should().Be("kpiValue");
        var value = Json(change);
        value.GetProperty("code").GetString().Should().Be(code);
        value.GetProperty("period").GetString().Should().Be("minute");
        value.GetProperty("count").GetInt64().Should().Be(2);
        value.GetProperty("last").GetDouble().Should().Be(9);
        value.GetProperty("bucketStart").GetDateTimeOffset().Should().Be(minute);
        long.Parse(change.Id!).Should().BeGreaterThan(long.Parse(initial.Id!), "event ids of {0} only grow", code);
        value.GetProperty("id").GetInt64().Should().Be(long.Parse(change.Id!));
    }

    [Fact]
    public async Task AnIdleStreamSendsKeepAliveComments()
    {
        var code = KpiScenario.NewCode();
        using var response = await OpenAsync(api.Admin(), $"/api/streams/kpis/{code}?period=day");
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync());

        var first = await sse.NextAsync();
        var second = await sse.NextAsync();
        var third = await sse.NextAsync();

        first.Retry.Should().NotBeNull();
        second.Comments.Should().Equal(["keep-alive"], "KPI {0} has no data, so the stream idles", code);
        third.Comments.Should().Equal(["keep-alive"]);
    }

    [Fact]
    public async Task AClientThatReconnectsWithLastEventIdGetsWhatItMissedOnceAndInOrder()
    {
        var code = KpiScenario.NewCode();
        var minute = KpiScenario.LastMinute;
        var key = KpiStreamKey.Format(code, KpiPeriod.Minute);
        await api.IngestAsync(code, minute, 1);
        var published = await ObservePublishedAsync(key);
        string lastId;
        using (var response = await OpenAsync(api.Admin(), $"/api/streams/kpis/{code}?period=minute"))
        using (var sse = new SseReader(await response.Content.ReadAsStreamAsync()))
        {
            await api.IngestAsync(code, minute, 2, second: 12);
            await sse.NextEventAsync();
            lastId = (await sse.NextEventAsync()).Id!;
            Json(await published.NextAsync()).Should().NotBeNull();
        }

        // Two changes while the client is away; each is published before the next point goes in.
        await api.IngestAsync(code, minute, 3, second: 13);
        var missed1 = await published.NextAsync();
        await api.IngestAsync(code, minute, 4, second: 14);
        var missed2 = await published.NextAsync();

        var resumed = Request($"/api/streams/kpis/{code}?period=minute");
        resumed.Headers.Add("Last-Event-ID", lastId);
        using var again = await api.Admin().SendAsync(resumed, HttpCompletionOption.ResponseHeadersRead);
        using var replay = new SseReader(await again.Content.ReadAsStreamAsync());
        var first = await replay.NextEventAsync();
        var second = await replay.NextEventAsync();
        await api.IngestAsync(code, minute, 5, second: 15);
        var live = await replay.NextEventAsync();

        first.Id.Should().Be(missed1.Id, "the first event after {0} is the first one missed", lastId);
        second.Id.Should().Be(missed2.Id);
        Json(second).GetProperty("count").GetInt64().Should().Be(4);
        Json(live).GetProperty("count").GetInt64().Should().Be(5, "after the replay come live events, nothing replayed twice");
        await published.DisposeAsync();
    }

    [Fact]
    public async Task ABadPeriodOrLastEventIdIsA400AndNoTokenIsA401()
    {
        var badPeriod = await api.Admin().GetAsync("/api/streams/kpis/perfect_order?period=week");
        var noPeriod = await api.Admin().GetAsync("/api/streams/kpis/perfect_order");
        var badCode = await api.Admin().GetAsync("/api/streams/kpis/bad%20code?period=minute");
        var badId = Request("/api/streams/kpis/perfect_order?period=minute");
        badId.Headers.Add("Last-Event-ID", "yesterday");
        var badLastId = await api.Admin().SendAsync(badId);
        var anonymous = await api.CreateClient().GetAsync("/api/streams/kpis/perfect_order?period=minute");
        var subscribersBadCode = await api.Admin().GetAsync("/api/kpis/bad%20code/subscribers");

        (await badPeriod.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("period")[0].GetString().Should().Contain("minute, hour, day");
        (await noPeriod.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("period", out _).Should().BeTrue();
        (await badCode.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("code", out _).Should().BeTrue();
        (await badLastId.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Last-Event-ID", out _).Should().BeTrue();
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await subscribersBadCode.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ABrowserMayPassItsTokenAsAccessTokenAndTheStreamHoldsALease()
    {
        var code = KpiScenario.NewCode();
        var token = await api.CreateUserAsync(ApiFactory.NewId("op"), "operator");

        using var response = await OpenAsync(api.CreateClient(), $"/api/streams/kpis/{code}?period=hour&access_token={Uri.EscapeDataString(token)}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await api.SubscribersAsync(code)).Shape().Should().Be("minute=0 hour=1 day=0 publishing=True", "an SSE client watches {0} like a hub client", code);
    }

    private static HttpRequestMessage Request(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return request;
    }

    private static Task<HttpResponseMessage> OpenAsync(HttpClient client, string url) =>
        client.SendAsync(Request(url), HttpCompletionOption.ResponseHeadersRead);

    private static JsonElement Json(SseBlock block) => JsonDocument.Parse(block.Data!).RootElement.Clone();

    /// <summary>
    /// Listens on the KPI's Orleans stream, to know when the grain has published, as a node without an observer does:
    /// with a lease of its own that gives none, which makes the grain publish on the stream too.
    /// </summary>
    private async Task<Published> ObservePublishedAsync(string key)
    {
        var events = System.Threading.Channels.Channel.CreateUnbounded<KpiStreamEvent>();
        var handle = await api.Service<IClusterClient>().GetStreamProvider(ProviderNames.Streams)
            .GetStream<KpiStreamEvent>(StreamId.Create(StreamNamespaces.KpiValues, key))
            .SubscribeAsync((e, _) => events.Writer.WriteAsync(e).AsTask());
        await api.Service<IGrainFactory>().GetGrain<IKpiStreamGrain>(key).RenewLeaseAsync(new KpiLease("stream-observer", 1, TimeSpan.FromMinutes(5)));
        return new Published(events.Reader, handle);
    }

    private sealed class Published(System.Threading.Channels.ChannelReader<KpiStreamEvent> events, StreamSubscriptionHandle<KpiStreamEvent> handle) : IAsyncDisposable
    {
        public async Task<SseBlock> NextAsync()
        {
            var e = await events.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            return new SseBlock([new("id", e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("data", JsonSerializer.Serialize(new { count = e.Value.Count }))], []);
        }

        public async ValueTask DisposeAsync() => await handle.UnsubscribeAsync();
    }

    public sealed class Host : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["KpiStreams:SseKeepAlive"] = "00:00:00.300",
        };
    }
}
