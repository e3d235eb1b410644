using DashboardFactory.Api.Auth;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DashboardFactory.IntegrationTests.Auth;

public sealed class RefusedTokensTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void ARefusedTokenIsRememberedUntilItsTimeIsUp()
    {
        var refused = Cache(seconds: 60, size: 10);
        refused.Add("t-1");

        refused.Contains("t-1").Should().BeTrue();
        _time.Advance(TimeSpan.FromSeconds(61));
        refused.Contains("t-1").Should().BeFalse();
    }

    [Fact]
    public void PastItsSizeTheOldestGoFirst()
    {
        var refused = Cache(seconds: 60, size: 3);
        foreach (var token in new[] { "t-1", "t-2", "t-3", "t-4" })
        {
            refused.Add(token);
        }

        refused.Count.Should().Be(3);
        refused.Contains("t-1").Should().BeFalse();
        refused.Contains("t-4").Should().BeTrue();
    }

    [Fact]
    public void ZeroSecondsTurnsTheCacheOff()
    {
        var refused = Cache(seconds: 0, size: 10);
        refused.Add("t-1");

        refused.Contains("t-1").Should().BeFalse();
        refused.Count.Should().Be(0);
    }

    private RefusedTokens Cache(int seconds, int size) =>
        new(Options.Create(new AuthOptions { RefusedTokenCacheSeconds = seconds, RefusedTokenCacheSize = size }), _time);
}
