using System.Net;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>The webhook endpoints of API.md: shapes, the secret shown once, admin only, and bad input refused.</summary>
public sealed class WebhooksApiTests(WebhookHost host) : IClassFixture<WebhookHost>
{
    [Fact]
    public async Task CreatingAWebhookAnswersItsSecretOnceAndNeverAgain()
    {
        var url = host.Receiver.NewHook().Url;

        var response = await host.Admin().PostAsJsonAsync("/api/webhooks", new { url, events = new[] { "campaign.completed", "feature.stage_changed" } });

        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        response.Headers.Location!.ToString().Should().Be($"/api/webhooks/{id}");
        created.GetProperty("url").GetString().Should().Be(url);
        created.GetProperty("events").EnumerateArray().Select(e => e.GetString()).Should().Equal("campaign.completed", "feature.stage_changed");
        var secret = created.GetProperty("secret").GetString()!;
        secret.Should().StartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Length.Should().BeGreaterThanOrEqualTo(24);
        var read = await host.WebhookAsync(id);
        read.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            ["id", "url", "events", "kpis", "period", "enabled", "disabledReason", "createdAt", "disabledAt"], "GET never shows the secret");
        read.GetProperty("enabled").GetBoolean().Should().BeTrue();
        var listed = await (await host.Admin().GetAsync("/api/webhooks")).ShouldBeJsonAsync(HttpStatusCode.OK);
        listed.EnumerateArray().Should().Contain(w => w.GetProperty("id").GetString() == id);
        (await (await host.Admin().GetAsync("/api/webhooks")).Content.ReadAsStringAsync()).Should().NotContain(secret);
    }

    [Fact]
    public async Task AKpiSinkSubscribesToKpiValueForItsCodesAndPeriod()
    {
        var url = host.Receiver.NewHook().Url;

        var response = await host.Admin().PostAsJsonAsync("/api/webhooks", new { url, events = Array.Empty<string>(), kpis = new[] { "oee" }, period = "hour" });

        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        created.GetProperty("events").EnumerateArray().Select(e => e.GetString()).Should().Equal("kpi.value");
        created.GetProperty("kpis").EnumerateArray().Select(e => e.GetString()).Should().Equal("oee");
        created.GetProperty("period").GetString().Should().Be("hour");
    }

    public static TheoryData<string, object> BadRequests => new()
    {
        { "url", new { url = "not a url", events = new[] { "campaign.completed" } } },
        { "url", new { url = "ftp://127.0.0.1/hook", events = new[] { "campaign.completed" } } },
        { "url", new { events = new[] { "campaign.completed" } } },
        { "events", new { url = "http://127.0.0.1/hook", events = new[] { "campaign.exploded" } } },
        { "events", new { url = "http://127.0.0.1/hook", events = Array.Empty<string>() } },
        { "kpis", new { url = "http://127.0.0.1/hook", events = new[] { "kpi.value" } } },
        { "kpis", new { url = "http://127.0.0.1/hook", events = new[] { "kpi.value" }, kpis = new[] { "not ok" } } },
        { "period", new { url = "http://127.0.0.1/hook", events = new[] { "kpi.value" }, kpis = new[] { "oee" }, period = "week" } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInputIsA400NamingTheFieldAndCreatesNothing(string field, object body)
    {
        var before = (await (await host.Admin().GetAsync("/api/webhooks")).ShouldBeJsonAsync(HttpStatusCode.OK)).GetArrayLength();

        var response = await host.Admin().PostAsJsonAsync("/api/webhooks", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue("the problem names '{0}': {1}", field, problem);
        (await (await host.Admin().GetAsync("/api/webhooks")).ShouldBeJsonAsync(HttpStatusCode.OK)).GetArrayLength().Should().Be(before);
    }

    [Fact]
    public async Task OnlyAdminsManageWebhooks()
    {
        var token = await host.CreateUserAsync(ApiFactory.NewId("op"), "operator");

        var response = await host.ClientWithToken(token).PostAsJsonAsync("/api/webhooks", new { url = host.Receiver.NewHook().Url, events = new[] { "campaign.completed" } });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await host.ClientWithToken(token).GetAsync("/api/webhooks")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await host.ClientWithToken(null).GetAsync("/api/webhooks")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheWebhookAndStreamEndpoints()
    {
        var document = await (await host.ClientWithToken(null).GetAsync("/openapi/v1.json")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/api/webhooks", "/api/webhooks/{id}", "/api/webhooks/{id}/rotate", "/api/webhooks/{id}/test",
            "/api/webhooks/{id}/deliveries", "/api/streams/tickets", "/api/streams/cockpits/{id}"]);
    }

    [Fact]
    public async Task AnUnknownWebhookIsA404()
    {
        await (await host.Admin().GetAsync("/api/webhooks/wh_nothing")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await host.Admin().PostAsync("/api/webhooks/wh_nothing/rotate", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await host.Admin().PostAsync("/api/webhooks/wh_nothing/test", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await host.Admin().DeleteAsync("/api/webhooks/wh_nothing")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await host.Admin().GetAsync("/api/webhooks/wh_nothing/deliveries")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
