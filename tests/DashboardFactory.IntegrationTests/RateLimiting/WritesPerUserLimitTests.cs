using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.RateLimiting;

/// <summary>
/// RateLimits:WritesPerUserPerMinute: a user's writes to /api beyond the limit within a minute are a 429 ProblemDetails
/// with Retry-After (not 503); other users, admins and reads are not affected. Each test signs in users of its own,
/// since the limit counts per user; the few requests of a test run well inside one window.
/// </summary>
public sealed class WritesPerUserLimitTests(WritesPerUserLimitTests.Host api) : IClassFixture<WritesPerUserLimitTests.Host>
{
    private const int Limit = 3;

    [Fact]
    public async Task TheWriteAfterTheLimitWithinAMinuteIsA429ProblemDetailsWithRetryAfter()
    {
        var user = await NewUserAsync();
        var code = ApiFactory.NewId("kpi");
        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await PostPointAsync(user, code);
            allowed.StatusCode.Should().Be(HttpStatusCode.Accepted, "write {0} of {1} is within the limit", i + 1, Limit);
        }

        using var refused = await PostPointAsync(user, code);

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("detail").GetString().Should().Contain("RateLimits:WritesPerUserPerMinute");
        int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture).Should().BeInRange(1, 60);
    }

    [Fact]
    public async Task EveryKindOfWriteCountsAgainstTheSameUser()
    {
        var user = await NewUserAsync();
        var me = await (await user.GetAsync("/api/me")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var id = me.GetProperty("id").GetString()!;
        using var post = await PostPointAsync(user, ApiFactory.NewId("kpi"));
        using var patch = await user.PatchAsync($"/api/cockpits/{ApiFactory.NewId("c")}",
            new StringContent("""{"title":"t"}""", System.Text.Encoding.UTF8, "application/merge-patch+json"));
        using var delete = await user.DeleteAsync($"/api/users/{id}/token");
        post.StatusCode.Should().Be(HttpStatusCode.Accepted);
        patch.StatusCode.Should().Be(HttpStatusCode.NotFound, "a refused write counts as well");
        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);

        // The token was revoked by the third write; a new one is issued by an admin (not counted) and still refused.
        var issued = await (await api.Admin().PostAsync($"/api/users/{id}/token", null)).ShouldBeJsonAsync(HttpStatusCode.OK);
        using var refused = await PostPointAsync(api.ClientWithToken(issued.GetProperty("token").GetString()), ApiFactory.NewId("kpi"));

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task AnotherUserIsNotAffectedByAThrottledOne()
    {
        var throttled = await NewUserAsync();
        var other = await NewUserAsync();
        var code = ApiFactory.NewId("kpi");
        for (var i = 0; i <= Limit; i++)
        {
            (await PostPointAsync(throttled, code)).Dispose();
        }

        using var refused = await PostPointAsync(throttled, code);
        using var allowed = await PostPointAsync(other, code);

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        allowed.StatusCode.Should().Be(HttpStatusCode.Accepted, "the limit is per user");
    }

    [Fact]
    public async Task AnAdminIsNeverThrottled()
    {
        var admin = api.Admin();
        var code = ApiFactory.NewId("kpi");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Limit * 3; i++)
        {
            using var response = await PostPointAsync(admin, code);
            statuses.Add(response.StatusCode);
        }

        statuses.Should().AllSatisfy(s => s.Should().Be(HttpStatusCode.Accepted), "admins are exempt from the write limit");
    }

    [Fact]
    public async Task ReadsAreNeitherCountedNorRefused()
    {
        var user = await NewUserAsync();
        var code = await api.KpiWithDataAsync();
        for (var i = 0; i < Limit * 3; i++)
        {
            (await user.GetAsync($"/api/kpis/{code}")).StatusCode.Should().Be(HttpStatusCode.OK, "read {0}", i + 1);
        }

        for (var i = 0; i < Limit; i++)
        {
            (await PostPointAsync(user, code)).StatusCode.Should().Be(HttpStatusCode.Accepted, "reads did not use up write {0}", i + 1);
        }

        (await PostPointAsync(user, code)).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        using var read = await user.GetAsync($"/api/kpis/{code}");

        read.StatusCode.Should().Be(HttpStatusCode.OK, "a throttled user still reads");
    }

    private async Task<HttpClient> NewUserAsync() => api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("op"), "operator"));

    private static Task<HttpResponseMessage> PostPointAsync(HttpClient client, string code) =>
        client.PostAsJsonAsync($"/api/kpis/{code}/points", new[] { new { ts = DateTimeOffset.UtcNow.AddSeconds(-10), value = 1.0 } });

    public sealed class Host() : SettingsApiFactory(new Dictionary<string, string?>
    {
        ["RateLimits:WritesPerUserPerMinute"] = Limit.ToString(CultureInfo.InvariantCulture),
    });
}
