using System.Net;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace DashboardFactory.IntegrationTests.Streams;

/// <summary>Short-lived, single-scope stream tickets: who gets one, where it is accepted, and that it connects once.</summary>
public sealed class StreamTicketTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ATicketIsShortLivedAndOpensItsKpiStreamOnce()
    {
        var token = await api.CreateUserAsync(ApiFactory.NewId("op"), "operator");
        var code = await api.KpiWithDataAsync();

        var response = await api.ClientWithToken(token).PostAsJsonAsync("/api/streams/tickets", new { scope = $"kpi:{code}" });

        var issued = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        var ticket = issued.GetProperty("ticket").GetString()!;
        ticket.Should().StartWith("tkt_").And.NotContain(token);
        issued.GetProperty("expiresAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow.AddSeconds(60), TimeSpan.FromSeconds(15));
        using (var first = await api.CreateClient().OpenStreamAsync($"/api/streams/kpis/{code}?period=minute&ticket={ticket}"))
        {
            first.StatusCode.Should().Be(HttpStatusCode.OK, "the ticket opens the stream of {0}", code);
        }

        using var second = await api.CreateClient().OpenStreamAsync($"/api/streams/kpis/{code}?period=minute&ticket={ticket}");
        await second.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ATicketSentToAnotherResourceIsRefusedWithoutBeingUsedUp()
    {
        var client = api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("op"), "operator"));
        var code = await api.KpiWithDataAsync();
        var ticket = await client.TicketAsync($"kpi:{code}");

        using var elsewhere = await api.CreateClient().OpenStreamAsync($"/api/streams/kpis/{ApiFactory.NewId("kpi")}?period=minute&ticket={ticket}");
        var onApi = await api.CreateClient().GetAsync($"/api/me?ticket={ticket}");
        using var right = await api.CreateClient().OpenStreamAsync($"/api/streams/kpis/{code}?period=minute&ticket={ticket}");

        await elsewhere.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await onApi.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        right.StatusCode.Should().Be(HttpStatusCode.OK, "the ticket was not used up by the refused attempts");
    }

    [Fact]
    public async Task ACockpitTicketOpensThatCockpitsPageOnce()
    {
        var (cockpitId, ownerToken) = await api.NewCockpitAsync();
        var ticket = await api.ClientWithToken(ownerToken).TicketAsync($"cockpit:{cockpitId}");

        var page = await api.CreateClient().GetAsync($"/cockpits/{cockpitId}?ticket={ticket}");
        var again = await api.CreateClient().GetAsync($"/cockpits/{cockpitId}?ticket={ticket}");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        again.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TicketsAreIssuedOnlyForWhatTheCallerMayOpen()
    {
        var (cockpitId, _) = await api.NewCockpitAsync();
        var stranger = api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("op"), "operator"));

        var otherCockpit = await stranger.PostAsJsonAsync("/api/streams/tickets", new { scope = $"cockpit:{cockpitId}" });
        var alerts = await stranger.PostAsJsonAsync("/api/streams/tickets", new { scope = "alerts" });
        var badScope = await stranger.PostAsJsonAsync("/api/streams/tickets", new { scope = "kpi:not ok" });
        var anonymous = await api.CreateClient().PostAsJsonAsync("/api/streams/tickets", new { scope = "alerts" });
        var adminAlerts = await api.Admin().PostAsJsonAsync("/api/streams/tickets", new { scope = "alerts" });

        await otherCockpit.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await alerts.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await badScope.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("scope", out _).Should().BeTrue();
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        adminAlerts.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OnTheHubATicketAllowsOnlyItsScopeAndConnectsOnce()
    {
        var (cockpitId, ownerToken) = await api.NewCockpitAsync();
        var (otherCockpit, _) = await api.NewCockpitAsync();
        var ticket = await api.ClientWithToken(ownerToken).TicketAsync($"cockpit:{cockpitId}");
        await using var connection = StreamClients.HubWithTicket(api, ticket);

        await connection.StartAsync();

        await connection.InvokeAsync("JoinCockpit", cockpitId);
        var other = () => connection.InvokeAsync("JoinCockpit", otherCockpit);
        (await other.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain($"cockpit:{cockpitId}");
        var feed = await api.KpiWithDataAsync();
        await connection.InvokeAsync<object?>("SubscribeKpi", feed, "minute"); // the cockpit page's widgets need their KPIs
        var kpiTicket = await api.ClientWithToken(ownerToken).TicketAsync($"kpi:{feed}");
        await using var kpiOnly = StreamClients.HubWithTicket(api, kpiTicket);
        await kpiOnly.StartAsync();
        var join = () => kpiOnly.InvokeAsync("JoinCockpit", cockpitId);
        (await join.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain($"kpi:{feed}");
        await using var second = StreamClients.HubWithTicket(api, ticket);
        var reuse = () => second.StartAsync();
        await reuse.Should().ThrowAsync<HttpRequestException>("the ticket already connected once");
    }

    [Fact]
    public async Task ACockpitPageOpenedWithATicketReadsThatCockpitWithItsCookieAndNothingElse()
    {
        var (cockpitId, ownerToken) = await api.NewCockpitAsync();
        var (otherCockpit, _) = await api.NewCockpitAsync();
        var ticket = await api.ClientWithToken(ownerToken).TicketAsync($"cockpit:{cockpitId}");
        var browser = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

        using var page = await browser.GetAsync($"/cockpits/{cockpitId}?ticket={Uri.EscapeDataString(ticket)}");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var cookie = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("df_scoped=", StringComparison.Ordinal));
        cookie.Should().Contain("httponly").And.Contain("samesite=strict");
        (await browser.GetAsync($"/api/cockpits/{cockpitId}/widgets/data")).StatusCode.Should().Be(HttpStatusCode.OK, "the page's first values");
        (await browser.GetAsync($"/api/cockpits/{cockpitId}")).StatusCode.Should().Be(HttpStatusCode.OK, "the page's version check");
        (await browser.GetAsync($"/cockpits/{cockpitId}")).StatusCode.Should().Be(HttpStatusCode.OK, "a reload within the session");
        (await browser.GetAsync($"/api/cockpits/{otherCockpit}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "another cockpit is outside the ticket");
        (await browser.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "only the cockpit's own reads");
        var patch = new StringContent("""{"title":"not through a ticket"}""", System.Text.Encoding.UTF8, "application/merge-patch+json");
        (await browser.PatchAsync($"/api/cockpits/{cockpitId}", patch))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a ticket session only reads");
        await using (var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(api.Server.BaseAddress, "/hubs/cockpit"), o =>
            {
                o.HttpMessageHandlerFactory = _ => api.Server.CreateHandler();
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                o.Headers["Cookie"] = cookie.Split(';')[0];
            })
            .Build())
        {
            await hub.StartAsync();
            await hub.InvokeAsync("JoinCockpit", cockpitId);
        }

        var ownerId = (await api.ClientWithToken(ownerToken).GetFromJsonAsync<System.Text.Json.JsonElement>("/api/me")).GetProperty("id").GetString();
        using var rotated = await api.Admin().PostAsync($"/api/users/{ownerId}/token", null);
        rotated.StatusCode.Should().Be(HttpStatusCode.OK);
        (await browser.GetAsync($"/api/cockpits/{cockpitId}/widgets/data")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a rotated token ends the ticket's session too");
    }

    [Fact]
    public async Task ATicketAlsoWorksWhereATokenGoesAsASignalRClientSendsIt()
    {
        var (cockpitId, ownerToken) = await api.NewCockpitAsync();
        var hubTicket = await api.ClientWithToken(ownerToken).TicketAsync($"cockpit:{cockpitId}");
        var streamTicket = await api.ClientWithToken(ownerToken).TicketAsync($"cockpit:{cockpitId}");

        // The browser page hands its ticket to accessTokenFactory: Authorization: Bearer on negotiate, ?access_token= to connect.
        await using var connection = StreamClients.HubWithTicket(api, hubTicket, queryName: "access_token");
        await connection.StartAsync();
        await connection.InvokeAsync("JoinCockpit", cockpitId);
        using var stream = await api.ClientWithToken(streamTicket).OpenStreamAsync($"/api/streams/cockpits/{cockpitId}");
        using var again = await api.ClientWithToken(streamTicket).OpenStreamAsync($"/api/streams/cockpits/{cockpitId}");

        stream.StatusCode.Should().Be(HttpStatusCode.OK, "Authorization: Bearer tkt_... is a ticket");
        await again.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnAdminsCockpitTicketDoesNotReceiveAdminAlerts()
    {
        var (cockpitId, _) = await api.NewCockpitAsync();
        var ticket = await api.Admin().TicketAsync($"cockpit:{cockpitId}");
        await using var scoped = StreamClients.HubWithTicket(api, ticket);
        var alertsOnScoped = new List<string>();
        scoped.On<System.Text.Json.JsonElement>("alert", a => { lock (alertsOnScoped) { alertsOnScoped.Add(a.GetRawText()); } });
        await scoped.StartAsync();
        await using var admin = await CockpitHubProbe.ConnectAsync(api, ApiFactory.AdminToken);
        var featureId = ApiFactory.NewId("feat");
        (await api.Admin().PostAsJsonAsync("/api/features", new { id = featureId, name = "Gauge", description = "g" })).StatusCode.Should().Be(HttpStatusCode.Created);

        (await api.Admin().PostAsJsonAsync($"/api/features/{featureId}/deprecate", new { reason = "superseded" })).StatusCode.Should().Be(HttpStatusCode.OK);

        await admin.WaitForAsync(CockpitHubProbe.Alert, a => a.GetProperty("message").GetString()!.Contains(featureId), "the stage change alert");
        await scoped.InvokeAsync("JoinCockpit", cockpitId); // a round trip after the alert reached the admin connection
        lock (alertsOnScoped)
        {
            alertsOnScoped.Should().NotContain(a => a.Contains(featureId), "a cockpit-scoped ticket is not in the admins' alert group");
        }
    }
}
