using System.Security.Claims;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DashboardFactory.IntegrationTests.RateLimiting;

/// <summary>Which requests RateLimits:WritesPerUserPerMinute counts, decided without a host.</summary>
public sealed class WritesPerUserRuleTests
{
    [Theory]
    [InlineData("POST", "/api/kpis/k/points")]
    [InlineData("PUT", "/api/anything")]
    [InlineData("PATCH", "/api/cockpits/c")]
    [InlineData("DELETE", "/api/users/u/token")]
    public void AUsersWriteToTheApiCountsInThatUsersPartition(string method, string path)
    {
        var partition = Rule(600).PartitionFor(Request(method, path, Roles.Operator, "op-1"));

        partition.Should().NotBeNull();
        partition!.Value.PartitionKey.Should().Be("writes:op-1");
    }

    [Theory]
    [InlineData("GET", "/api/kpis/k")]
    [InlineData("HEAD", "/api/kpis/k")]
    [InlineData("OPTIONS", "/api/kpis/k")]
    [InlineData("POST", "/graphql")]
    [InlineData("POST", "/login")]
    [InlineData("POST", "/hubs/cockpit/negotiate")]
    public void ReadsAndWritesOutsideTheApiAreNotCounted(string method, string path) =>
        Rule(600).PartitionFor(Request(method, path, Roles.Operator, "op-1")).Should().BeNull();

    [Fact]
    public void AnAdminsWritesAreNotCounted() =>
        Rule(600).PartitionFor(Request("POST", "/api/users", Roles.Admin, "admin")).Should().BeNull();

    [Fact]
    public void ZeroTurnsTheLimitOff() =>
        Rule(0).PartitionFor(Request("POST", "/api/kpis/k/points", Roles.Operator, "op-1")).Should().BeNull();

    [Fact]
    public void AnAnonymousWriteIsLeftToAuthorization() =>
        Rule(600).PartitionFor(Request("POST", "/api/kpis/k/points", null, null)).Should().BeNull();

    [Fact]
    public void ARefusalNamesTheSetting() =>
        Rule(7).Describe().Should().Contain("7").And.Contain("RateLimits:WritesPerUserPerMinute");

    private static WritesPerUserRule Rule(int limit) => new(Options.Create(new RateLimitOptions { WritesPerUserPerMinute = limit }));

    private static DefaultHttpContext Request(string method, string path, string? role, string? user)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        if (user is not null)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, user), new Claim(ClaimTypes.Role, role!)], "test"));
        }

        return context;
    }
}
