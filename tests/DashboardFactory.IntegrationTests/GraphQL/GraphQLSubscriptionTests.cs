using System.Net.Http.Json;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;

namespace DashboardFactory.IntegrationTests.GraphQL;

/// <summary>
/// Subscriptions over graphql-transport-ws with the reference client (npm graphql-ws over ws, in node) against the
/// API on a real socket: authentication, kpiValue as one more KPI lease holder, complete, several operations on one
/// socket, dropped sockets, cockpit updates and alerts with their access rules.
/// </summary>
public sealed class GraphQLSubscriptionTests(GraphQLHost api) : IClassFixture<GraphQLHost>
{
    private const string KpiSubscription = "subscription($code: ID!) { kpiValue(code: $code) { code period count last avg eventId publishedAt } }";

    [Fact]
    public async Task ATokenInConnectionInitIsAcknowledgedAndAQueryAnswersOnTheSocket()
    {
        var operatorId = ApiFactory.NewId("op");
        await using var client = await api.ConnectAsync(await api.CreateUserAsync(operatorId, "operator"));

        await client.WaitForEventAsync("connected");
        await client.SubscribeAsync("me", "{ me { id role } }");

        var me = await client.WaitForDataAsync("me", "me", _ => true, "the answer to { me }");
        me.GetProperty("id").GetString().Should().Be(operatorId);
        me.GetProperty("role").GetString().Should().Be("operator");
        await client.WaitForEventAsync("complete", "me");
    }

    [Fact]
    public async Task AnInvalidTokenIsClosedWith4403()
    {
        await using var client = await api.ConnectAsync("op-nobody.not-a-real-secret");

        var (code, reason) = await client.WaitForCloseAsync();

        code.Should().Be(4403);
        reason.Should().Be("Forbidden");
        client.Events.Should().NotContain(e => e.GetProperty("event").GetString() == "connected");
    }

    [Fact]
    public async Task AConnectionInitWithoutATokenIsClosedWith4403()
    {
        await using var client = await api.ConnectAsync(token: null);

        var (code, _) = await client.WaitForCloseAsync();

        code.Should().Be(4403);
    }

    [Fact]
    public async Task KpiValueIsPushedAfterIngestAndTheSubscriberHoldsTheLease()
    {
        var code = KpiScenario.NewCode();
        var minute = KpiScenario.LastMinute;
        await api.IngestAsync(code, minute.AddMinutes(-2), 0);
        await using var client = await api.ConnectAsync(ApiFactory.AdminToken);
        await client.SubscribeAsync("kpi", KpiSubscription, new { code });

        var holding = await api.SubscribersWhenAsync(code, s => s.GetProperty("minute").GetInt32() == 1);
        await api.IngestAsync(code, minute, 42);

        holding.Shape().Should().Be("minute=1 hour=0 day=0 publishing=True", "the GraphQL subscriber of {0} is one more lease holder", code);
        var pushed = await client.WaitForDataAsync("kpi", "kpiValue", v => v.GetProperty("last").GetDouble() == 42, $"the new minute of {code}");
        pushed.GetProperty("count").GetInt64().Should().Be(1);
        pushed.GetProperty("code").GetString().Should().Be(code);
        pushed.GetProperty("period").GetString().Should().Be("minute");
        pushed.GetProperty("last").GetDouble().Should().Be(42);
        pushed.GetProperty("publishedAt").ValueKind.Should().Be(JsonValueKind.String, "a pushed value says when the stream grain published it");
    }

    [Fact]
    public async Task ASubscriptionToAKpiWithDataStartsWithItsCurrentValue()
    {
        var code = KpiScenario.NewCode();
        await api.IngestAsync(code, KpiScenario.LastMinute, 7);
        await using var client = await api.ConnectAsync(ApiFactory.AdminToken);

        await client.SubscribeAsync("kpi", KpiSubscription, new { code });

        var first = await client.WaitForDataAsync("kpi", "kpiValue", _ => true, $"the current value of {code}");
        first.GetProperty("count").GetInt64().Should().Be(1);
        first.GetProperty("last").GetDouble().Should().Be(7);
        first.GetProperty("publishedAt").ValueKind.Should().Be(JsonValueKind.Null, "the current value was read, not pushed");
    }

    [Fact]
    public async Task AKpiThatNeverAcceptedAPointIsNotFoundAndLeasesNothing()
    {
        var code = KpiScenario.NewCode();
        await using var client = await api.ConnectAsync(ApiFactory.AdminToken);

        await client.SubscribeAsync("kpi", KpiSubscription, new { code });

        var refused = await client.WaitForEventAsync("next", "kpi");
        refused.GetProperty("payload").GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().Should().Be("NOT_FOUND");
        await client.WaitForEventAsync("complete", "kpi");
        (await api.SubscribersAsync(code)).Shape().Should().Be("minute=0 hour=0 day=0 publishing=False", "the invented {0} costs no lease", code);
    }

    [Fact]
    public async Task CompleteStopsDeliveryAndReleasesTheLease()
    {
        var code = KpiScenario.NewCode();
        var minute = KpiScenario.LastMinute;
        await api.IngestAsync(code, minute, 1);
        await using var client = await api.ConnectAsync(ApiFactory.AdminToken);
        await client.SubscribeAsync("first", KpiSubscription, new { code });
        await client.WaitForDataAsync("first", "kpiValue", v => v.GetProperty("count").GetInt64() == 1, "the current value");

        await client.CompleteAsync("first");
        var released = await api.SubscribersWhenAsync(code, s => !s.GetProperty("publishing").GetBoolean());
        await api.IngestAsync(code, minute, 2, second: 20);

        released.Shape().Should().Be("minute=0 hour=0 day=0 publishing=False", "completing the only subscription of {0} gives the lease back", code);

        // A new subscription starts with the current value, which includes the second point: by then the old one
        // would have received it too, had it still been delivering.
        await client.SubscribeAsync("second", KpiSubscription, new { code });
        await client.WaitForDataAsync("second", "kpiValue", v => v.GetProperty("count").GetInt64() == 2, "the value with both points");
        client.Nexts("first").Should().ContainSingle("nothing is delivered to a completed subscription");
    }

    [Fact]
    public async Task TwoSubscriptionsOnOneSocketEachReceiveTheirOwnKpi()
    {
        var (first, second) = (KpiScenario.NewCode(), KpiScenario.NewCode());
        var minute = KpiScenario.LastMinute;
        await api.IngestAsync(first, minute.AddMinutes(-2), 0);
        await api.IngestAsync(second, minute.AddMinutes(-2), 0);
        await using var client = await api.ConnectAsync(ApiFactory.AdminToken);
        await client.SubscribeAsync("a", KpiSubscription, new { code = first });
        await client.SubscribeAsync("b", KpiSubscription, new { code = second });
        await api.SubscribersWhenAsync(first, s => s.GetProperty("minute").GetInt32() == 1);
        await api.SubscribersWhenAsync(second, s => s.GetProperty("minute").GetInt32() == 1);

        await api.IngestAsync(first, minute, 10);
        await api.IngestAsync(second, minute, 20);

        (await client.WaitForDataAsync("a", "kpiValue", v => v.GetProperty("last").GetDouble() != 0, $"a new value of {first}")).GetProperty("last").GetDouble().Should().Be(10);
        (await client.WaitForDataAsync("b", "kpiValue", v => v.GetProperty("last").GetDouble() != 0, $"a new value of {second}")).GetProperty("last").GetDouble().Should().Be(20);
        client.Nexts("a").Should().OnlyContain(p => p.GetProperty("data").GetProperty("kpiValue").GetProperty("code").GetString() == first);
        client.Nexts("b").Should().OnlyContain(p => p.GetProperty("data").GetProperty("kpiValue").GetProperty("code").GetString() == second);
        client.Events.Count(e => e.GetProperty("event").GetString() == "connected").Should().Be(1, "both operations share one socket");
    }

    [Fact]
    public async Task ADroppedSocketReleasesEveryLeaseItHeld()
    {
        var (first, second) = (KpiScenario.NewCode(), KpiScenario.NewCode());
        await api.IngestAsync(first, KpiScenario.LastMinute, 1);
        await api.IngestAsync(second, KpiScenario.LastMinute, 1);
        await using var client = await api.ConnectAsync(ApiFactory.AdminToken);
        await client.SubscribeAsync("a", KpiSubscription, new { code = first });
        await client.SubscribeAsync("b", "subscription($code: ID!) { kpiValue(code: $code, period: hour) { count } }", new { code = second });
        await api.SubscribersWhenAsync(first, s => s.GetProperty("publishing").GetBoolean());
        await api.SubscribersWhenAsync(second, s => s.GetProperty("hour").GetInt32() == 1);

        await client.SendAsync(new { cmd = "drop" });

        var a = await api.SubscribersWhenAsync(first, s => !s.GetProperty("publishing").GetBoolean());
        var b = await api.SubscribersWhenAsync(second, s => !s.GetProperty("publishing").GetBoolean());
        a.Shape().Should().Be("minute=0 hour=0 day=0 publishing=False", "the dropped socket's lease on {0} is released", first);
        b.Shape().Should().Be("minute=0 hour=0 day=0 publishing=False", "the dropped socket's lease on {0} is released", second);
    }

    [Fact]
    public async Task MoreOperationsThanTheLimitAnswerAnErrorForTheExtraOneOnly()
    {
        await using var client = await api.ConnectAsync(ApiFactory.AdminToken);
        for (var i = 0; i < GraphQLHost.MaxOperations; i++)
        {
            var code = KpiScenario.NewCode();
            await api.IngestAsync(code, KpiScenario.LastMinute, 1);
            await client.SubscribeAsync($"k{i}", KpiSubscription, new { code });
        }

        var extra = KpiScenario.NewCode();
        await api.IngestAsync(extra, KpiScenario.LastMinute, 1);
        await client.SubscribeAsync("extra", KpiSubscription, new { code = extra });

        var error = await client.WaitForEventAsync("error", "extra");
        error.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().Should().Be("TOO_MANY_SUBSCRIPTIONS");
        await client.SubscribeAsync("me", "{ me { id } }");
        (await client.WaitForEventAsync("error", "me")).GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()
            .Should().Be("TOO_MANY_SUBSCRIPTIONS", "the running subscriptions still fill the connection");
        client.Events.Should().NotContain(e => e.GetProperty("event").GetString() == "closed", "a refused operation does not close the socket");
    }

    [Fact]
    public async Task CockpitUpdatesReachTheOwnerWhileAnotherOperatorIsToldTheCockpitDoesNotExist()
    {
        var (id, ownerToken) = await api.NewCockpitAsync();
        var stranger = await api.CreateUserAsync(ApiFactory.NewId("op"), "operator");
        await using var owner = await api.ConnectAsync(ownerToken);
        await using var other = await api.ConnectAsync(stranger);
        const string query = "subscription($id: ID!) { cockpitUpdated(cockpitId: $id) { cockpitId version reason } }";

        await other.SubscribeAsync("spy", query, new { id });
        await owner.SubscribeAsync("mine", query, new { id });

        var refused = await other.WaitForEventAsync("next", "spy");
        refused.GetProperty("payload").GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().Should().Be("NOT_FOUND");
        await other.WaitForEventAsync("complete", "spy");

        // The subscription has no acknowledgement of its own: change the cockpit until the owner hears of it.
        var update = await UntilAsync(
            () => api.RenameAsync(id, "Renamed " + Guid.NewGuid().ToString("N")[..6]),
            () => owner.Nexts("mine").Count > 0);
        update.Should().BeTrue("the owner of {0} is told of its changes", id);
        owner.Nexts("mine")[0].GetProperty("data").GetProperty("cockpitUpdated").GetProperty("cockpitId").GetString().Should().Be(id);
    }

    [Fact]
    public async Task AlertsReachAdminsAndAreForbiddenToOperators()
    {
        var operatorToken = await api.CreateUserAsync(ApiFactory.NewId("op"), "operator");
        await using var operatorClient = await api.ConnectAsync(operatorToken);
        await using var admin = await api.ConnectAsync(ApiFactory.AdminToken);
        var featureId = ApiFactory.NewId("feat");
        (await api.Admin().PostAsJsonAsync("/api/features", new { id = featureId, name = "Alerting widget" })).EnsureSuccessStatusCode();

        await operatorClient.SubscribeAsync("alerts", "subscription { alerts { kind } }");
        await admin.SubscribeAsync("alerts", "subscription { alerts { kind featureId message } }");

        var refused = await operatorClient.WaitForEventAsync("next", "alerts");
        refused.GetProperty("payload").GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().Should().Be("FORBIDDEN");
        var deprecated = false;
        var heard = await UntilAsync(
            async () =>
            {
                var action = deprecated ? "undeprecate" : "deprecate";
                (await api.Admin().PostAsJsonAsync($"/api/features/{featureId}/{action}", new { reason = "test" })).EnsureSuccessStatusCode();
                deprecated = !deprecated;
            },
            () => admin.Nexts("alerts").Any(p => p.GetProperty("data").GetProperty("alerts").GetProperty("featureId").GetString() == featureId));
        heard.Should().BeTrue("a stage change of {0} is an admin alert", featureId);
    }

    [Fact]
    public async Task AStreamTicketInConnectionInitOpensItsScopesSubscriptionOnlyAndOnlyOnce()
    {
        var code = KpiScenario.NewCode();
        var other = KpiScenario.NewCode();
        await api.IngestAsync(code, KpiScenario.LastMinute, 5);
        await api.IngestAsync(other, KpiScenario.LastMinute, 6);
        var operatorToken = await api.CreateUserAsync(ApiFactory.NewId("op"), "operator");
        using var issued = await api.ClientWithToken(operatorToken).PostAsJsonAsync("/api/streams/tickets", new { scope = $"kpi:{code}" });
        issued.EnsureSuccessStatusCode();
        var ticket = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetString()!;
        await using var client = await api.ConnectAsync(ticket);

        await client.WaitForEventAsync("connected");
        await client.SubscribeAsync("mine", KpiSubscription, new { code });
        await client.SubscribeAsync("other", KpiSubscription, new { code = other });
        await client.SubscribeAsync("query", "{ me { id } }");

        (await client.WaitForDataAsync("mine", "kpiValue", _ => true, $"the current value of {code}")).GetProperty("last").GetDouble().Should().Be(5);
        var outside = await client.WaitForEventAsync("next", "other");
        outside.GetProperty("payload").GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().Should().Be("FORBIDDEN");
        var query = await client.WaitForEventAsync("error", "query");
        query.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().Should().Be("FORBIDDEN");

        await using var again = await api.ConnectAsync(ticket);
        (await again.WaitForCloseAsync()).Code.Should().Be(4403, "a ticket connects once");
    }

    [Fact]
    public async Task AnOversizedDocumentIsAnErrorAnswerAndTheSocketStaysOpen()
    {
        await using var client = await api.ConnectAsync(ApiFactory.AdminToken);
        var huge = "{ me { id } }" + new string(' ', 20_000);

        await client.SubscribeAsync("big", huge);
        await client.SubscribeAsync("deep", GraphQLQueries.TooDeep);
        await client.SubscribeAsync("ok", "{ me { id } }");

        (await client.WaitForEventAsync("error", "big")).GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().Should().Be("DOCUMENT_TOO_LARGE");
        (await client.WaitForEventAsync("error", "deep")).GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().Should().Be("COMPLEXITY");
        await client.WaitForEventAsync("complete", "ok");
    }

    /// <summary>Repeats <paramref name="act"/> until <paramref name="done"/> (for events that have no acknowledgement to wait for).</summary>
    private static async Task<bool> UntilAsync(Func<Task> act, Func<bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await act();
            if (await Eventually.Async(() => Task.FromResult(done()), d => d, TimeSpan.FromSeconds(1)))
            {
                return true;
            }
        }

        return done();
    }
}
