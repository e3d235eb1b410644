using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Operations;

/// <summary>
/// Rollback e-mail against a real SMTP server in this process, in the embedded mode (memory outbox) and on
/// PostgreSQL (the mail_outbox table): each operator once with their cockpits, admins a summary, retried until the
/// server answers, nothing when mail is off.
/// </summary>
public sealed class RollbackMailTests
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> Fast(SmtpSink smtp) => new(smtp.Settings())
    {
        ["Smtp:PollInterval"] = "00:00:00.200",
        ["Smtp:RetryDelay"] = "00:00:00.200",
    };

    [Fact]
    public async Task ARollbackMailsEachAffectedOperatorOnceAndEveryAdminASummary()
    {
        using var smtp = SmtpSink.Start();
        await using var api = new SettingsApiFactory(Fast(smtp));
        var first = await RollbackMailScenario.CreateAsync(api);

        await first.RollBackAsync(api);
        await smtp.WaitForAsync(first.ExpectedMessages, MailTimeout, "the first rollback's mail");

        // A second rollback's mail arriving proves the dispatcher went round again without repeating the first.
        var second = await RollbackMailScenario.CreateAsync(api);
        await second.RollBackAsync(api);
        await smtp.WaitForAsync(7, MailTimeout, "the second rollback's mail, to its own two operators and to both admins");
        first.ShouldHaveBeenMailedOnce(smtp);
        second.ShouldHaveBeenMailedOnce(smtp);
        smtp.Received.Where(m => m.ToAddresses.Single().Address == first.AddressOf(first.Admin)).Select(m => m.Subject)
            .Should().Equal([$"ROLLBACK ALERT: {first.FeatureId}", $"ROLLBACK ALERT: {second.FeatureId}"], "every admin hears of every rollback, once");
        smtp.Received.Should().HaveCount(7);
    }

    [Fact]
    public async Task MailTheServerCannotTakeIsRetriedUntilItDoesAndSentOnce()
    {
        var port = FreePorts.Next();
        var settings = Fast(SmtpSinkSettingsFor(port));
        await using var api = new SettingsApiFactory(settings);
        var scenario = await RollbackMailScenario.CreateAsync(api);

        await scenario.RollBackAsync(api);
        await api.Logs.WaitForAsync(l => l.Contains("Could not reach the SMTP server", StringComparison.Ordinal), "saying the server was unreachable", MailTimeout);
        using var smtp = SmtpSink.StartOn(port);
        await smtp.WaitForAsync(scenario.ExpectedMessages, MailTimeout, "the retried mail");

        scenario.ShouldHaveBeenMailedOnce(smtp);
    }

    [Fact]
    public async Task OnPostgresEachMessageIsSentOnceAndMarkedSent()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("mail");
        using var smtp = SmtpSink.Start();
        var settings = Fast(smtp);
        settings["ConnectionStrings:Postgres"] = db.ConnectionString;
        await using var api = new SettingsApiFactory(settings);
        var scenario = await RollbackMailScenario.CreateAsync(api);

        await scenario.RollBackAsync(api);
        await smtp.WaitForAsync(scenario.ExpectedMessages, MailTimeout, "the rollback's mail");

        scenario.ShouldHaveBeenMailedOnce(smtp);
        var rows = await Eventually.Async(
            () => db.RowsAsync("SELECT recipient, attempts, sent_at IS NOT NULL, abandoned_at IS NULL FROM mail_outbox ORDER BY recipient"),
            r => r.All(x => (bool)x[2]!), TimeSpan.FromSeconds(30));
        rows.Should().HaveCount(scenario.ExpectedMessages);
        rows.Should().AllSatisfy(r =>
        {
            ((int)r[1]!).Should().Be(1, "{0} was sent at the first attempt", r[0]);
            ((bool)r[2]!).Should().BeTrue("{0} is marked sent", r[0]);
            ((bool)r[3]!).Should().BeTrue("{0} is not abandoned", r[0]);
        });
        (await db.ScalarAsync<long>("SELECT count(*) FROM mail_jobs WHERE expanded_at IS NOT NULL")).Should().Be(1);
    }

    [Fact]
    public async Task WithoutAnSmtpHostNothingIsQueued()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("nomail");
        await using var api = new SettingsApiFactory(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = db.ConnectionString });
        var scenario = await RollbackMailScenario.CreateAsync(api);

        await scenario.RollBackAsync(api);

        (await db.ScalarAsync<long>("SELECT count(*) FROM mail_jobs")).Should().Be(0, "mail is off while Smtp:Host is empty");
        (await db.ScalarAsync<long>("SELECT count(*) FROM mail_outbox")).Should().Be(0);
    }

    private static SmtpSinkSettings SmtpSinkSettingsFor(int port) => new(port);

    private static Dictionary<string, string?> Fast(SmtpSinkSettings target) => new()
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "none",
        ["Smtp:From"] = "factory@example.test",
        ["Smtp:PollInterval"] = "00:00:00.200",
        ["Smtp:RetryDelay"] = "00:00:00.200",
    };

    private sealed record SmtpSinkSettings(int Port);
}
