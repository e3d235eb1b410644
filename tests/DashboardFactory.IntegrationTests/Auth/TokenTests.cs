using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DashboardFactory.IntegrationTests.GraphQL;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;
using DashboardFactory.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace DashboardFactory.IntegrationTests.Auth;

/// <summary>
/// User tokens at the edge: forged ones never reach a grain, refused ones are refused from memory, and rotating
/// or revoking a token or changing a role closes the hub, SSE and GraphQL connections opened with it.
/// </summary>
public sealed class TokenTests(TokenTests.Host api) : IClassFixture<TokenTests.Host>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AForgedTokenIsRefusedBeforeAnyGrainIsCalled()
    {
        var id = ApiFactory.NewId("op");
        var real = await api.CreateUserAsync(id, "operator");
        var secret = real.Split('.')[^2];
        string[] forged =
        [
            $"{id}.{secret}",                                   // the grain's token without its MAC
            $"{id}.{secret}.AAAAAAAAAAAAAAAAAAAAAA",            // a MAC of the right length, wrong
            real[..^1] + (real[^1] == 'A' ? 'B' : 'A'),         // the real token with its last character changed
            $"{ApiFactory.NewId("ghost")}.{secret}.{real.Split('.')[^1]}", // another user's id under this MAC
            "op-x." + new string('a', 43) + ".bad!mac",
        ];

        api.Counter.Start();
        foreach (var token in forged)
        {
            using var response = await api.ClientWithToken(token).GetAsync("/api/me");
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "token {0} is forged", token);
        }

        var calls = api.Counter.Stop();
        calls.Keys.Should().NotContain(k => k.StartsWith("IUserGrain.", StringComparison.Ordinal), "no forged token may reach a user grain: {0}", string.Join(", ", calls));
        using var ok = await api.ClientWithToken(real).GetAsync("/api/me");
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ARotatedTokenIsRefusedAndAskedAboutOnlyOnce()
    {
        var id = ApiFactory.NewId("op");
        var old = await api.CreateUserAsync(id, "operator");
        using var rotated = await api.ClientWithToken(old).PostAsync($"/api/users/{id}/token", null);
        rotated.StatusCode.Should().Be(HttpStatusCode.OK);
        var fresh = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        api.Counter.Start();
        for (var i = 0; i < 5; i++)
        {
            using var response = await api.ClientWithToken(old).GetAsync("/api/me");
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var calls = api.Counter.Stop();
        calls.GetValueOrDefault("IUserGrain.AuthenticateAsync").Should().Be(1, "after the first refusal the old token is refused from memory");
        using var me = await api.ClientWithToken(fresh).GetAsync("/api/me");
        me.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ARevokedTokenStopsWorkingAndClosesItsHubSseAndGraphQLConnections()
    {
        var id = ApiFactory.NewId("op");
        var token = await api.CreateUserAsync(id, "operator");
        await using var hub = Hub(token);
        var hubClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ => { hubClosed.TrySetResult(); return Task.CompletedTask; };
        await hub.StartAsync();
        using var sse = await OpenSseAsync(token);
        using var graphql = await GraphQLAsync(token);
        await Eventually.Async(() => Task.FromResult(api.Service<DashboardFactory.Api.Auth.OpenConnections>().Count), n => n >= 3);

        using var revoke = await api.Admin().DeleteAsync($"/api/users/{id}/token");

        revoke.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await hubClosed.Task.WaitAsync(Within);
        (await SseEndsAsync(sse)).Should().BeTrue("the SSE stream of a revoked token ends");
        (await CloseCodeAsync(graphql)).Should().Be(4403);
        using var me = await api.ClientWithToken(token).GetAsync("/api/me");
        me.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ARoleChangeClosesThatUsersConnectionsOnly()
    {
        var changed = ApiFactory.NewId("op");
        var other = ApiFactory.NewId("op");
        await using var changedHub = Hub(await api.CreateUserAsync(changed, "operator"));
        await using var otherHub = Hub(await api.CreateUserAsync(other, "operator"));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changedHub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await changedHub.StartAsync();
        await otherHub.StartAsync();

        using var patch = await api.Admin().PatchAsJsonAsync($"/api/users/{changed}", new { role = "optimizer" });

        patch.StatusCode.Should().Be(HttpStatusCode.OK);
        await closed.Task.WaitAsync(Within);
        otherHub.State.Should().Be(HubConnectionState.Connected, "only {0}'s connections close", changed);
    }

    [Fact]
    public async Task AChangeThatArrivesLateClosesOnlyConnectionsOpenedBeforeIt()
    {
        // The change is published after it is stored, and reaches each API node when the stream delivers it: a client
        // quick enough to sign in with its new token before then must not be cut off by the message about that token.
        var id = ApiFactory.NewId("op");
        var witness = ApiFactory.NewId("op");
        await api.CreateUserAsync(id, "operator");
        using var rotated = await api.Admin().PostAsync($"/api/users/{id}/token", null);
        rotated.StatusCode.Should().Be(HttpStatusCode.OK);
        var token = JsonDocument.Parse(await rotated.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        await using var hub = Hub(token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await hub.StartAsync();
        await using var witnessHub = Hub(await api.CreateUserAsync(witness, "operator"));
        var witnessClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        witnessHub.Closed += _ => { witnessClosed.TrySetResult(); return Task.CompletedTask; };
        await witnessHub.StartAsync();
        var changes = api.Service<IClusterClient>().GetStreamProvider(ProviderNames.Streams).GetStream<UserCredentialsChanged>(
            StreamId.Create(StreamNamespaces.UserCredentials, UserCredentialsChanged.StreamKey));

        // The rotation's own message (generation 1), late; then one for the witness, which the stream delivers after it.
        await changes.OnNextAsync(new UserCredentialsChanged(id, CredentialsChange.TokenRotated, DateTimeOffset.UtcNow, 1));
        await changes.OnNextAsync(new UserCredentialsChanged(witness, CredentialsChange.TokenRotated, DateTimeOffset.UtcNow, 1));
        await witnessClosed.Task.WaitAsync(Within);
        hub.State.Should().Be(HubConnectionState.Connected, "the connection signed in with the token that change issued");

        using var revoke = await api.Admin().DeleteAsync($"/api/users/{id}/token");
        revoke.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await closed.Task.WaitAsync(Within);
    }

    [Fact]
    public async Task AUserMayRevokeTheirOwnTokenButNotSomeoneElses()
    {
        var me = ApiFactory.NewId("op");
        var someone = ApiFactory.NewId("op");
        var mine = await api.CreateUserAsync(me, "operator");
        var theirs = await api.CreateUserAsync(someone, "operator");

        using var forbidden = await api.ClientWithToken(mine).DeleteAsync($"/api/users/{someone}/token");
        using var own = await api.ClientWithToken(mine).DeleteAsync($"/api/users/{me}/token");

        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        own.StatusCode.Should().Be(HttpStatusCode.NoContent);
        using var stillTheirs = await api.ClientWithToken(theirs).GetAsync("/api/me");
        stillTheirs.StatusCode.Should().Be(HttpStatusCode.OK);
        using var gone = await api.ClientWithToken(mine).GetAsync("/api/me");
        gone.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private HubConnection Hub(string token) => new HubConnectionBuilder()
        .WithUrl(new Uri(api.Address, "/hubs/cockpit?access_token=" + Uri.EscapeDataString(token)), o =>
        {
            o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        })
        .Build();

    private async Task<HttpResponseMessage> OpenSseAsync(string token)
    {
        // A KPI that has accepted a point, so the stream may be opened.
        var code = KpiScenario.NewCode();
        using var ingest = await api.Admin().PostAsJsonAsync($"/api/kpis/{code}/points", new[] { new { ts = DateTimeOffset.UtcNow, value = 1.0 } });
        ingest.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/streams/kpis/{code}?period=minute");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await api.ClientWithToken(token).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return response;
    }

    /// <summary>Reads until the stream ends (or breaks); false when it is still open after the deadline.</summary>
    private static async Task<bool> SseEndsAsync(HttpResponseMessage response)
    {
        using var deadline = new CancellationTokenSource(Within);
        var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
        var buffer = new byte[1024];
        try
        {
            while (await stream.ReadAsync(buffer, deadline.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception error) when (error is IOException or HttpRequestException or OperationCanceledException)
        {
            return true;
        }
    }

    private async Task<ClientWebSocket> GraphQLAsync(string token)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(api.WebSocketAddress("/graphql"), CancellationToken.None);
        var init = JsonSerializer.SerializeToUtf8Bytes(new { type = "connection_init", payload = new { token } });
        await socket.SendAsync(init, WebSocketMessageType.Text, true, CancellationToken.None);
        var ack = await ReceiveAsync(socket);
        ack.Should().Contain("connection_ack");
        return socket;
    }

    private static async Task<int?> CloseCodeAsync(ClientWebSocket socket)
    {
        using var deadline = new CancellationTokenSource(Within);
        var buffer = new byte[4096];
        while (true)
        {
            var frame = await socket.ReceiveAsync(buffer, deadline.Token);
            if (frame.MessageType == WebSocketMessageType.Close)
            {
                return (int?)socket.CloseStatus;
            }
        }
    }

    private static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        using var deadline = new CancellationTokenSource(Within);
        var buffer = new byte[4096];
        var frame = await socket.ReceiveAsync(buffer, deadline.Token);
        return Encoding.UTF8.GetString(buffer, 0, frame.Count);
    }

    /// <summary>The API on a real socket (GraphQL over WebSocket) with a grain call counter on its embedded silo.</summary>
    public sealed class Host : KestrelApiFactory
    {
        public GraphQLBatchingTests.GrainCallCounter Counter { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IIncomingGrainCallFilter>(Counter));
        }
    }
}
