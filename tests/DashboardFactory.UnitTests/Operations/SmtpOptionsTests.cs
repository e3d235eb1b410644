using DashboardFactory.Mail;

namespace DashboardFactory.UnitTests.Operations;

public sealed class SmtpOptionsTests
{
    [Fact]
    public void MailIsOffWithoutAHostAndAnyOtherValueIsThenAccepted()
    {
        var off = new SmtpOptions { Port = 0, Security = "bogus" };

        off.Enabled.Should().BeFalse();
        off.IsValid(out _).Should().BeTrue("nothing is checked while mail is off");
    }

    [Theory]
    [InlineData(0, "factory@example.test", "none", "Smtp:Port")]
    [InlineData(25, "not an address", "none", "Smtp:From")]
    [InlineData(25, "factory@example.test", "ssl3", "Smtp:Security")]
    public void AWrongSettingIsRefusedByName(int port, string from, string security, string named)
    {
        var options = new SmtpOptions { Host = "mail.example.test", Port = port, From = from, Security = security };

        options.IsValid(out var problem).Should().BeFalse();
        problem.Should().StartWith(named);
    }

    [Fact]
    public void TheRetryDelayDoublesPerAttemptUpToAnHour()
    {
        var options = new SmtpOptions { RetryDelay = TimeSpan.FromSeconds(5) };

        options.BackoffAfter(1).Should().Be(TimeSpan.FromSeconds(5));
        options.BackoffAfter(2).Should().Be(TimeSpan.FromSeconds(10));
        options.BackoffAfter(4).Should().Be(TimeSpan.FromSeconds(40));
        options.BackoffAfter(30).Should().Be(TimeSpan.FromHours(1));
    }
}
