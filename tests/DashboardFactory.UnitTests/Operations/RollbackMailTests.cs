using DashboardFactory.Mail;

namespace DashboardFactory.UnitTests.Operations;

public sealed class RollbackMailTests
{
    private static readonly RollbackMailPayload Payload = new(
        "rb-1", "feat_999", "XSS in widget html", "revert", 5, 4, 0, 1, new DateTimeOffset(2025, 5, 1, 12, 0, 0, TimeSpan.Zero),
        ["c-1", "c-2", "c-3", "c-4"]);

    private static readonly Dictionary<string, string> Owners = new()
    {
        ["c-1"] = "op-a", ["c-2"] = "op-a", ["c-3"] = "op-b", ["c-4"] = "op-silent",
    };

    private static readonly Dictionary<string, MailRecipient> Operators = new()
    {
        ["op-a"] = new("op-a", "Ada", "ada@example.test"), ["op-b"] = new("op-b", "Bo", "bo@example.test"),
    };

    [Fact]
    public void EachOperatorWithAnAddressGetsOneMessageListingOnlyTheirCockpits()
    {
        var job = RollbackMail.Job(Payload);

        var messages = RollbackMail.Compose(job, RollbackMail.Read(job), Owners, Operators, []);

        messages.Select(m => m.To).Should().Equal("ada@example.test", "bo@example.test");
        messages[0].Body.Should().Contain("- c-1").And.Contain("- c-2").And.NotContain("c-3").And.Contain("It was removed from 2 of your cockpits");
        messages[1].Body.Should().Contain("- c-3").And.NotContain("c-1");
        messages.Should().AllSatisfy(m => m.Subject.Should().Be("feat_999 was removed from your cockpits"));
    }

    [Fact]
    public void EveryAdminGetsTheRollbackAlertSummary()
    {
        var job = RollbackMail.Job(Payload);

        var messages = RollbackMail.Compose(job, Payload, Owners, Operators, [new("boss", "Commander", "boss@example.test")]);

        var alert = messages.Should().ContainSingle(m => m.To == "boss@example.test").Subject;
        alert.Subject.Should().Be("ROLLBACK ALERT: feat_999");
        alert.Body.Should().Contain("Restored: 4").And.Contain("Failed: 1").And.Contain("Operators told by e-mail: 2").And.Contain("XSS in widget html");
    }

    [Fact]
    public void MessageIdsComeFromTheJobAndTheRecipientSoComposingTwiceGivesTheSameMessages()
    {
        var job = RollbackMail.Job(Payload);
        var admins = new[] { new MailRecipient("boss", "Commander", "boss@example.test") };

        var once = RollbackMail.Compose(job, Payload, Owners, Operators, admins);
        var twice = RollbackMail.Compose(job, Payload, Owners, Operators, admins);

        once.Should().Equal(twice);
        once.Select(m => m.MessageId).Should().OnlyHaveUniqueItems()
            .And.Equal("rb-1:mail/operator/op-a", "rb-1:mail/operator/op-b", "rb-1:mail/admin/boss");
        job.Id.Should().Be("rb-1:mail", "one job per rollback, so a retried effect queues nothing new");
    }

    [Fact]
    public void ASnapshotRollbackSaysTheCockpitsWereRestoredFromTheirSnapshot()
    {
        var snapshot = Payload with { Mode = "snapshot" };

        var messages = RollbackMail.Compose(RollbackMail.Job(snapshot), snapshot, Owners, Operators, []);

        messages[0].Body.Should().Contain("restored from the snapshot taken before feat_999 was installed");
    }
}
