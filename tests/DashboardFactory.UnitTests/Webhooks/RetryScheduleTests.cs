using DashboardFactory.Webhooks;

namespace DashboardFactory.UnitTests.Webhooks;

public sealed class RetryScheduleTests
{
    private static readonly WebhookOptions Defaults = new();

    [Fact]
    public void CeilingsGrowFourfoldFromTheBaseDelayUpToTheMaximum()
    {
        var schedule = new RetrySchedule(Defaults, () => 1);

        Enumerable.Range(1, 9).Select(schedule.Ceiling).Should().Equal(
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(320),
            TimeSpan.FromSeconds(1280), TimeSpan.FromSeconds(5120), TimeSpan.FromSeconds(20480), TimeSpan.FromHours(12), TimeSpan.FromHours(12));
        Enumerable.Range(1, 9).Select(schedule.Ceiling).Aggregate(TimeSpan.Zero, (a, b) => a + b)
            .Should().BeCloseTo(TimeSpan.FromHours(31.6), TimeSpan.FromHours(0.1), "the default schedule spans about a day");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.999)]
    public void TheWaitIsFullJitterBetweenZeroAndTheCeiling(double random)
    {
        var schedule = new RetrySchedule(Defaults, () => random);

        schedule.DelayAfter(3, null).Should().Be(TimeSpan.FromTicks((long)(TimeSpan.FromSeconds(80).Ticks * random)));
    }

    [Fact]
    public void TheLastAttemptIsNotRetried()
    {
        var schedule = new RetrySchedule(Defaults, () => 0.5);

        schedule.DelayAfter(9, null).Should().NotBeNull();
        schedule.DelayAfter(10, null).Should().BeNull("Webhooks:MaxAttempts is 10");
        schedule.DelayAfter(10, TimeSpan.FromSeconds(1)).Should().BeNull("Retry-After does not add attempts");
    }

    [Fact]
    public void RetryAfterReplacesTheBackoffUpToTheMaximum()
    {
        var schedule = new RetrySchedule(Defaults, () => 0.5);

        schedule.DelayAfter(1, TimeSpan.FromSeconds(120)).Should().Be(TimeSpan.FromSeconds(120));
        schedule.DelayAfter(1, TimeSpan.FromDays(3)).Should().Be(TimeSpan.FromHours(12));
        schedule.DelayAfter(1, TimeSpan.FromSeconds(-5)).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void RetryAfterIsReadAsSecondsOrAnHttpDate()
    {
        var now = new DateTimeOffset(2025, 6, 2, 8, 0, 0, TimeSpan.Zero);

        RetrySchedule.ParseRetryAfter("30", now).Should().Be(TimeSpan.FromSeconds(30));
        RetrySchedule.ParseRetryAfter("Mon, 02 Jun 2025 08:02:00 GMT", now).Should().Be(TimeSpan.FromMinutes(2));
        RetrySchedule.ParseRetryAfter("soon", now).Should().BeNull();
        RetrySchedule.ParseRetryAfter(null, now).Should().BeNull();
    }
}
