using System.Text.Json;
using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Outbox;
using DashboardFactory.Rollbacks;
using DashboardFactory.Users;

namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>The webhook events of API.md are written to the outbox where they happen, with the data the README shows.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class WebhookEventsTests(MemoryClusterFixture fixture)
{
    private static readonly WidgetRelease Widget = new("kpi", "Gauge", 4, 2, "<p>97%</p>\n", "", "{}");

    [Fact]
    public async Task ApprovingAReviewedReleaseWritesFeatureReleaseApproved()
    {
        var author = await UserAsync();
        var feature = fixture.Client.GetGrain<IFeatureGrain>(ApiFactory.NewId("feat"));
        await feature.CreateAsync(new NewFeature("Gauge", "g", author));
        await feature.ProposeReleaseAsync(new ReleaseSpec("1.0.0", ChangeType.Reviewed, Widget, InjectionMode.Smart, null, [], null, null, []), new Caller(author, false));

        await feature.ApproveReleaseAsync("1.0.0", "admin");

        var e = Single("feature.release_approved", feature.GetPrimaryKeyString());
        var data = JsonDocument.Parse(e.PayloadJson).RootElement;
        data.GetProperty("version").GetString().Should().Be("1.0.0");
        data.GetProperty("changeType").GetString().Should().Be("reviewed");
        data.GetProperty("approvedBy").GetString().Should().Be("admin");
    }

    [Fact]
    public async Task StartingACampaignWritesCampaignStartedThenCampaignCompleted()
    {
        var featureId = ApiFactory.NewId("feat");
        var release = new FeatureRelease(featureId, "1.0.0", ChangeType.Safe, Widget, InjectionMode.Smart, null);

        await fixture.Client.GetGrain<ICampaignGrain>(CampaignIds.For(release)).StartAsync(new CampaignStart(release, [ApiFactory.NewId("nobody")], false, "admin"));

        var started = JsonDocument.Parse(Single("campaign.started", featureId).PayloadJson).RootElement;
        started.GetProperty("campaignId").GetString().Should().Be(CampaignIds.For(release));
        started.GetProperty("total").GetInt32().Should().Be(0);
        Single("campaign.completed", featureId).Should().NotBeNull("a campaign without targets completes at once");
    }

    [Fact]
    public async Task AFinishedRollbackWritesFeatureRolledBackAndRollbackCompleted()
    {
        var author = await UserAsync();
        var featureId = ApiFactory.NewId("feat");
        await fixture.Client.GetGrain<IFeatureGrain>(featureId).CreateAsync(new NewFeature("Gauge", "g", author));
        var rollback = fixture.Client.GetGrain<IRollbackGrain>(ApiFactory.NewId("rb"));

        await rollback.StartAsync(featureId, "broken", RollbackMode.Revert, "admin");

        var completed = await Eventually.Async(() => Task.FromResult(About("rollback.completed", featureId)), l => l.Count > 0);
        completed.Should().ContainSingle();
        var data = JsonDocument.Parse(completed[0].PayloadJson).RootElement;
        data.GetProperty("rollbackId").GetString().Should().Be(rollback.GetPrimaryKeyString());
        data.GetProperty("reason").GetString().Should().Be("broken");
        About("feature.rolled_back", featureId).Should().ContainSingle();
    }

    private async Task<string> UserAsync()
    {
        var id = ApiFactory.NewId("u");
        await fixture.Client.GetGrain<IUserGrain>(id).CreateAsync(new NewUser(id, UserRole.Optimizer, 100));
        return id;
    }

    private List<OutboxEvent> About(string type, string subject) =>
        [.. fixture.Outbox.Events.Where(e => e.Type == type && e.PayloadJson.Contains(subject, StringComparison.Ordinal))];

    private OutboxEvent Single(string type, string subject)
    {
        var events = About(type, subject);
        events.Should().ContainSingle("one {0} event about {1} is in the outbox", type, subject);
        return events[0];
    }
}
