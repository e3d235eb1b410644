using System.Net;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Streams;

/// <summary>
/// Configured stream settings: per-token limits (429 ProblemDetails with Retry-After), CORS for the stream GETs only,
/// and ticket expiry. Each test signs in a user of its own, since limits count per token.
/// </summary>
public sealed class StreamLimitsTests(StreamLimitsTests.Host api) : IClassFixture<StreamLimitsTests.Host>
{
    private const string Wall = "https://wall.example.com";

    [Fact]
    public async Task RequestsBeyondThePerTokenRateAreA429WithRetryAfter()
    {
        var client = await NewUserAsync();
        var code = await api.KpiWithDataAsync();
        for (var i = 0; i < 20; i++)
        {
            (await client.PostAsJsonAsync("/api/streams/tickets", new { scope = $"kpi:{code}" })).StatusCode.Should().Be(HttpStatusCode.OK, "request {0} of 20", i + 1);
        }

        var refused = await client.PostAsJsonAsync("/api/streams/tickets", new { scope = $"kpi:{code}" });
        var otherUser = await (await NewUserAsync()).PostAsJsonAsync("/api/streams/tickets", new { scope = $"kpi:{code}" });

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("detail").GetString().Should().Contain("RateLimits:RequestsPerTokenPerMinute");
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        retryAfter.Should().BeInRange(1, 60);
        otherUser.StatusCode.Should().Be(HttpStatusCode.OK, "the limit is per token");
    }

    [Fact]
    public async Task OpenStreamsBeyondThePerTokenLimitAreA429UntilOneCloses()
    {
        var client = await NewUserAsync();
        var code = await api.KpiWithDataAsync();
        var first = await client.OpenStreamAsync($"/api/streams/kpis/{code}?period=minute");
        first.StatusCode.Should().Be(HttpStatusCode.OK);

        using var second = await client.OpenStreamAsync($"/api/streams/kpis/{code}?period=hour");

        var problem = await second.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("detail").GetString().Should().Contain("RateLimits:StreamsPerToken");
        second.Headers.GetValues("Retry-After").Single().Should().Be("5");
        first.Dispose();
        var again = await Eventually.Async(
            async () =>
            {
                var response = await client.OpenStreamAsync($"/api/streams/kpis/{code}?period=day");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    response.Dispose();
                }

                return response;
            },
            r => r.StatusCode == HttpStatusCode.OK);
        again.StatusCode.Should().Be(HttpStatusCode.OK, "closing a stream frees its permit");
        again.Dispose();
    }

    [Fact]
    public async Task AGraphQLSocketThatSignsInWithConnectionInitCountsAsAnOpenStream()
    {
        var token = await api.CreateUserAsync(ApiFactory.NewId("op"), "operator");
        var client = api.ClientWithToken(token);
        var code = await api.KpiWithDataAsync();
        var stream = await client.OpenStreamAsync($"/api/streams/kpis/{code}?period=minute");
        stream.StatusCode.Should().Be(HttpStatusCode.OK);

        using var refused = await ConnectGraphQLAsync(token);
        var (type, closeCode) = await FirstAnswerAsync(refused);

        type.Should().Be("close");
        closeCode.Should().Be(4429, "the token's one stream is the SSE stream");
        stream.Dispose();
        var accepted = await Eventually.Async(
            async () =>
            {
                var socket = await ConnectGraphQLAsync(token);
                var answer = await FirstAnswerAsync(socket);
                socket.Dispose();
                return answer.Type;
            },
            t => t == "connection_ack");
        accepted.Should().Be("connection_ack", "closing the stream freed its permit");
    }

    private async Task<System.Net.WebSockets.WebSocket> ConnectGraphQLAsync(string token)
    {
        var sockets = api.Server.CreateWebSocketClient();
        sockets.SubProtocols.Add("graphql-transport-ws");
        var socket = await sockets.ConnectAsync(new Uri(api.Server.BaseAddress, "/graphql"), CancellationToken.None);
        var init = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { type = "connection_init", payload = new { token } });
        await socket.SendAsync(init, System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
        return socket;
    }

    /// <summary>The first message's type, or "close" with the close code.</summary>
    private static async Task<(string Type, int? CloseCode)> FirstAnswerAsync(System.Net.WebSockets.WebSocket socket)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        var frame = await socket.ReceiveAsync(buffer, deadline.Token);
        if (frame.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
        {
            return ("close", (int?)socket.CloseStatus);
        }

        using var message = System.Text.Json.JsonDocument.Parse(buffer.AsMemory(0, frame.Count));
        return (message.RootElement.GetProperty("type").GetString()!, null);
    }

    [Fact]
    public async Task StreamGetsAnswerConfiguredOriginsOnly()
    {
        var client = await NewUserAsync();
        var code = await api.KpiWithDataAsync();

        using var allowed = await client.OpenStreamAsync($"/api/streams/kpis/{code}?period=minute", origin: Wall);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").Single().Should().Be(Wall);
        allowed.Dispose();
        using var other = await (await NewUserAsync()).OpenStreamAsync($"/api/streams/kpis/{code}?period=minute", origin: "https://evil.example.com");
        other.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse("that origin is not configured");
        other.Dispose();
        var notAStream = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        notAStream.Headers.Add("Origin", Wall);
        (await client.SendAsync(notAStream)).Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse("only the stream GETs are cross-origin");
    }

    [Fact]
    public async Task APreflightOfAStreamGetNeedsNoTokenAndAllowsLastEventId()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, $"/api/streams/cockpits/{ApiFactory.NewId("c")}");
        preflight.Headers.Add("Origin", Wall);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "last-event-id, authorization");

        var response = await api.CreateClient().SendAsync(preflight);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Single().Should().Be(Wall);
        string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant().Should().Contain("last-event-id");
    }

    [Fact]
    public async Task AnExpiredTicketConnectsNowhere()
    {
        var client = await NewUserAsync();
        var code = await api.KpiWithDataAsync();
        var ticket = await client.TicketAsync($"kpi:{code}");

        // A negotiate only looks at a ticket: poll it until the 500 ms lifetime is over.
        var negotiate = await Eventually.Async(
            () => api.CreateClient().PostAsync($"/hubs/cockpit/negotiate?negotiateVersion=1&ticket={ticket}", null),
            r => r.StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(20));
        using var stream = await api.CreateClient().OpenStreamAsync($"/api/streams/kpis/{code}?period=minute&ticket={ticket}");

        negotiate.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await stream.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<HttpClient> NewUserAsync() => api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("op"), "operator"));

    public sealed class Host : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["RateLimits:RequestsPerTokenPerMinute"] = "20",
            ["RateLimits:StreamsPerToken"] = "1",
            ["Streams:AllowedOrigins:0"] = Wall,
            ["Streams:TicketLifetime"] = "00:00:00.500",
        };
    }
}
