using DashboardFactory.Webhooks;

namespace DashboardFactory.UnitTests.Webhooks;

public sealed class DeliveryJudgementTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly RetrySchedule Schedule = new(new WebhookOptions { MaxAttempts = 3 }, () => 1);

    private static WebhookDelivery Delivery(int attempts) => new("wh_1", "evt_1", "campaign.completed", "{}", Now, attempts, Now);

    [Theory]
    [InlineData(200)]
    [InlineData(204)]
    [InlineData(299)]
    public void Any2xxIsDelivered(int status)
    {
        var (attempt, gone) = DeliveryJudgement.Judge(Delivery(0), new SendResult(status, "ok", null, null, null), Now, Schedule);

        attempt.Status.Should().Be(WebhookDeliveryStatus.Delivered);
        attempt.Attempt.Should().Be(1);
        attempt.NextAttemptAt.Should().BeNull();
        gone.Should().BeFalse();
    }

    [Fact]
    public void A410AbandonsTheDeliveryAndMarksTheWebhookGone()
    {
        var (attempt, gone) = DeliveryJudgement.Judge(Delivery(0), new SendResult(410, null, null, null, null), Now, Schedule);

        attempt.Status.Should().Be(WebhookDeliveryStatus.Abandoned);
        gone.Should().BeTrue();
    }

    [Theory]
    [InlineData(500)]
    [InlineData(404)]
    [InlineData(301)]
    public void OtherAnswersAreRetriedOnTheSchedule(int status)
    {
        var (attempt, gone) = DeliveryJudgement.Judge(Delivery(1), new SendResult(status, null, null, null, "/x"), Now, Schedule);

        attempt.Status.Should().Be(WebhookDeliveryStatus.Failed);
        attempt.Attempt.Should().Be(2);
        attempt.NextAttemptAt.Should().Be(Now + TimeSpan.FromSeconds(20));
        gone.Should().BeFalse();
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public void RetryAfterIsHonouredOn429And503(int status)
    {
        var (attempt, _) = DeliveryJudgement.Judge(Delivery(0), new SendResult(status, null, TimeSpan.FromSeconds(42), null, null), Now, Schedule);

        attempt.NextAttemptAt.Should().Be(Now + TimeSpan.FromSeconds(42));
    }

    [Fact]
    public void RetryAfterOnOtherStatusesIsIgnored()
    {
        var (attempt, _) = DeliveryJudgement.Judge(Delivery(0), new SendResult(500, null, TimeSpan.FromSeconds(42), null, null), Now, Schedule);

        attempt.NextAttemptAt.Should().Be(Now + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void ATimeOutIsAFailedAttemptWithoutAStatus()
    {
        var (attempt, _) = DeliveryJudgement.Judge(Delivery(0), SendResult.Failed("No answer within 10 s."), Now, Schedule);

        attempt.Status.Should().Be(WebhookDeliveryStatus.Failed);
        attempt.ResponseStatus.Should().BeNull();
        attempt.Error.Should().Be("No answer within 10 s.");
    }

    [Fact]
    public void TheLastFailedAttemptAbandonsTheDelivery()
    {
        var (attempt, gone) = DeliveryJudgement.Judge(Delivery(2), new SendResult(500, null, null, null, null), Now, Schedule);

        attempt.Status.Should().Be(WebhookDeliveryStatus.Abandoned);
        attempt.Attempt.Should().Be(3);
        attempt.Error.Should().Contain("Abandoned after 3 attempts");
        gone.Should().BeFalse();
    }
}
