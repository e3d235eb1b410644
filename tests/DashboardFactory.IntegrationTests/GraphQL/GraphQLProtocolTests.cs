using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;

namespace DashboardFactory.IntegrationTests.GraphQL;

/// <summary>
/// graphql-transport-ws violations a well-behaved client never commits, sent over a bare ws socket (from node, as
/// the reference client's own transport): each closes the socket with the protocol's code.
/// </summary>
public sealed class GraphQLProtocolTests(GraphQLHost api) : IClassFixture<GraphQLHost>
{
    private static readonly string Init = $$$"""{"type":"connection_init","payload":{"token":"{{{ApiFactory.AdminToken}}}"}}""";

    [Fact]
    public async Task AMessageThatIsNotJsonIsClosedWith4400()
    {
        await using var raw = await OpenAsync();

        await raw.SendAsync(new { cmd = "send", text = "this is not json" });

        (await raw.WaitForCloseAsync()).Code.Should().Be(4400);
    }

    [Fact]
    public async Task AMessageOfAnUnknownTypeIsClosedWith4400()
    {
        await using var raw = await OpenAsync();
        await InitAsync(raw);

        await raw.SendAsync(new { cmd = "send", text = """{"type":"next","id":"1","payload":{}}""" });

        (await raw.WaitForCloseAsync()).Code.Should().Be(4400);
    }

    [Fact]
    public async Task SubscribingBeforeTheAcknowledgementIsClosedWith4401()
    {
        await using var raw = await OpenAsync();

        await raw.SendAsync(new { cmd = "send", text = """{"type":"subscribe","id":"1","payload":{"query":"{ me { id } }"}}""" });

        var (code, reason) = await raw.WaitForCloseAsync();
        code.Should().Be(4401);
        reason.Should().Be("Unauthorized");
    }

    [Fact]
    public async Task AMessageWithTextThatIsNotUnicodeIsClosedWith4400()
    {
        // Found by HostileInputTests: reading a token of "\ud800" failed the handler, which closed with 4500.
        await using var raw = await OpenAsync();

        await raw.SendAsync(new { cmd = "send", text = """{"type":"connection_init","payload":{"token":"\ud800"}}""" });

        (await raw.WaitForCloseAsync()).Code.Should().Be(4400);
    }

    [Fact]
    public async Task AnUnknownTypeOfWideCharactersIsClosedWith4400()
    {
        // Found while fixing the above: the close reason quotes the type, and 64 wide characters made it longer than a
        // close frame carries, so the close itself failed and the client waited for ever.
        await using var raw = await OpenAsync();
        await InitAsync(raw);

        await raw.SendAsync(new { cmd = "send", text = "{\"type\":\"" + new string('\uFF48', 64) + "\"}" });

        (await raw.WaitForCloseAsync()).Code.Should().Be(4400);
    }

    [Fact]
    public async Task AMessageNamingAMemberTwiceIsClosedWith4400()
    {
        await using var raw = await OpenAsync();
        await InitAsync(raw);

        await raw.SendAsync(new { cmd = "send", text = """{"type":"subscribe","id":"1","payload":{"query":"subscription { alerts { kind } }","variables":{"a":1,"a":2}}}""" });

        (await raw.WaitForCloseAsync()).Code.Should().Be(4400);
    }

    [Fact]
    public async Task ABadTokenInConnectionInitIsClosedWith4403()
    {
        await using var raw = await OpenAsync();

        await raw.SendAsync(new { cmd = "send", text = """{"type":"connection_init","payload":{"token":"adm_wrong-token-0123456789"}}""" });

        (await raw.WaitForCloseAsync()).Code.Should().Be(4403);
        raw.Events.Should().NotContain(e => e.GetProperty("event").GetString() == "message", "nothing is acknowledged");
    }

    [Fact]
    public async Task NoConnectionInitWithinTheDeadlineIsClosedWith4408()
    {
        await using var raw = await OpenAsync();

        var (code, reason) = await raw.WaitForCloseAsync(TimeSpan.FromSeconds(30));

        code.Should().Be(4408);
        reason.Should().Be("Connection initialisation timeout");
    }

    [Fact]
    public async Task ASecondSubscribeWithARunningIdIsClosedWith4409()
    {
        var code = KpiScenario.NewCode();
        await api.IngestAsync(code, KpiScenario.LastMinute, 1);
        await using var raw = await OpenAsync();
        await InitAsync(raw);
        var subscribe = $$$"""{"type":"subscribe","id":"same","payload":{"query":"subscription { kpiValue(code: \"{{{code}}}\") { count } }"}}""";

        await raw.SendAsync(new { cmd = "send", text = subscribe });
        await api.SubscribersWhenAsync(code, s => s.GetProperty("minute").GetInt32() == 1);
        await raw.SendAsync(new { cmd = "send", text = subscribe });

        var (closeCode, reason) = await raw.WaitForCloseAsync();
        closeCode.Should().Be(4409);
        reason.Should().Be("Subscriber for same already exists");
        (await api.SubscribersWhenAsync(code, s => !s.GetProperty("publishing").GetBoolean())).Shape()
            .Should().Be("minute=0 hour=0 day=0 publishing=False", "closing the socket released the running subscription");
    }

    [Fact]
    public async Task ASecondConnectionInitIsClosedWith4429()
    {
        await using var raw = await OpenAsync();
        await InitAsync(raw);

        await raw.SendAsync(new { cmd = "send", text = Init });

        var (code, reason) = await raw.WaitForCloseAsync();
        code.Should().Be(4429);
        reason.Should().Be("Too many initialisation requests");
    }

    [Fact]
    public async Task PingIsAnsweredWithPong()
    {
        await using var raw = await OpenAsync();
        await InitAsync(raw);

        await raw.SendAsync(new { cmd = "send", text = """{"type":"ping"}""" });

        await raw.WaitForAsync(e => IsMessage(e, "pong"), "pong");
    }

    private async Task<GraphQLWsDriver> OpenAsync()
    {
        var raw = GraphQLWsDriver.Start(api.WebSocketAddress("/graphql"));
        await raw.SendAsync(new { cmd = "raw" });
        var open = await raw.WaitForEventAsync("open");
        open.GetProperty("protocol").GetString().Should().Be("graphql-transport-ws", "the server speaks the subprotocol the client offered");
        return raw;
    }

    private static async Task InitAsync(GraphQLWsDriver raw)
    {
        await raw.SendAsync(new { cmd = "send", text = Init });
        await raw.WaitForAsync(e => IsMessage(e, "connection_ack"), "connection_ack");
    }

    private static bool IsMessage(System.Text.Json.JsonElement e, string type) =>
        e.GetProperty("event").GetString() == "message" && e.GetProperty("data").GetProperty("type").GetString() == type;
}
