using System.Net;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Auth;

/// <summary>RateLimits:FailedAuthPerAddressPerMinute: past it, an invalid token gets 429 with Retry-After; a valid one is never refused.</summary>
public sealed class FailedAuthLimitTests(FailedAuthLimitTests.Host api) : IClassFixture<FailedAuthLimitTests.Host>
{
    private const int Limit = 3;

    [Fact]
    public async Task PastTheLimitAnAddressGets429WithRetryAfterWhileValidTokensStillWork()
    {
        var valid = await api.CreateUserAsync(ApiFactory.NewId("op"), "operator");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= Limit; i++)
        {
            using var response = await api.ClientWithToken($"op-guess.{i}.AAAAAAAAAAAAAAAAAAAAAA").GetAsync("/api/me");
            statuses.Add(response.StatusCode);
            if (i == Limit)
            {
                response.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 60);
                response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
                var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                problem.GetProperty("status").GetInt32().Should().Be(429);
            }
        }

        using var ok = await api.ClientWithToken(valid).GetAsync("/api/me");

        statuses.Should().Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, Limit), HttpStatusCode.TooManyRequests]);
        ok.StatusCode.Should().Be(HttpStatusCode.OK, "a caller with a valid token is never counted or refused");
    }

    public sealed class Host() : SettingsApiFactory(new Dictionary<string, string?>
    {
        ["RateLimits:FailedAuthPerAddressPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });
}
