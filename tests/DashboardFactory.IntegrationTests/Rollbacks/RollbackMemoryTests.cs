using System.Text.Json.Nodes;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using DashboardFactory.IntegrationTests.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Notifications;
using DashboardFactory.Rollbacks;

namespace DashboardFactory.IntegrationTests.Rollbacks;

[Collection(MemoryClusterCollection.Name)]
public sealed class RollbackMemoryTests(MemoryClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    private static JsonObject Widgets(CockpitView view) => CockpitDocument.Widgets(CockpitDocument.Parse(view.DocumentJson));

    [Fact]
    public async Task RevertTakesTheWidgetOffEveryAffectedCockpitAndKeepsLaterCustomizations()
    {
        var fleet = new RollbackFleet(Client);
        var affected = await fleet.InstalledOnAsync(20);
        var untouched = await new RollbackFleet(Client).InstalledOnAsync(2);
        var owner = new Caller(fleet.OwnerId, false);
        foreach (var id in affected)
        {
            // Customized after the install: own widget, theme, and an edit of the bad widget itself.
            var patch = new JsonObject
            {
                ["theme"] = new JsonObject { ["css"] = "body { color: teal; }\n" },
                ["widgets"] = new JsonObject
                {
                    [fleet.FeatureId] = new JsonObject { ["title"] = "edited bad" },
                    ["notes"] = new JsonObject { ["type"] = "note", ["title"] = "Mine", ["x"] = 0, ["y"] = 40, ["w"] = 2, ["h"] = 1 },
                },
            };
            await Client.GetGrain<ICockpitGrain>(id).PatchAsync(patch.ToJsonString(), null, owner);
        }

        var done = await fleet.RollBackAsync();

        (done.Total, done.Restored, done.Failed).Should().Be((affected.Count, affected.Count, 0), "only cockpits with the feature are affected");
        foreach (var id in affected)
        {
            var view = (await Client.GetGrain<ICockpitGrain>(id).GetAsync())!;
            view.InstalledFeatures.Should().NotContainKey(fleet.FeatureId, $"cockpit {id} was rolled back");
            Widgets(view).Should().NotContainKey(fleet.FeatureId, "a bad widget goes even if the operator edited it");
            Widgets(view).Should().ContainKey("notes", "customizations made after the install survive a revert");
            CockpitDocument.Parse(view.DocumentJson)["theme"]!["css"]!.GetValue<string>().Should().Contain("teal");
            (await Client.GetGrain<ICockpitGrain>(id).ListSnapshotsAsync())[0].Reason.Should().StartWith($"before removing {fleet.FeatureId}");
        }

        foreach (var id in untouched)
        {
            (await Client.GetGrain<ICockpitGrain>(id).ListSnapshotsAsync()).Should().HaveCount(1, $"cockpit {id} has another feature and is not touched");
        }

        var feature = (await Client.GetGrain<IFeatureGrain>(fleet.FeatureId).GetAsync())!;
        feature.Stage.Should().Be(FeatureStage.Deprecated);
        feature.DeprecationNotice.Should().Be("XSS in widget html");
        var history = await Client.GetGrain<IFeatureGrain>(fleet.FeatureId).HistoryAsync();
        history.Select(h => h.Action).Should().Contain(["stage_changed", "rollback_started", "rolled_back"]);
        var inbox = await Client.GetGrain<INotificationInboxGrain>(fleet.OwnerId).ListAsync();
        inbox.Should().HaveCount(affected.Count, "one notification per affected cockpit");
        inbox.Should().OnlyContain(n => n.Message == $"{fleet.FeatureId} was removed from your cockpit: XSS in widget html" && n.Kind == "feature.rolled_back");
        fixture.Outbox.Events.Should().Contain(e => e.Type == "feature.rolled_back" && e.PayloadJson.Contains(fleet.FeatureId));
    }

    [Fact]
    public async Task SnapshotModeRestoresTheCockpitAsItWasBeforeTheInstall()
    {
        var fleet = new RollbackFleet(Client);
        var cockpits = await fleet.InstalledOnAsync(3);
        var id = cockpits[0];
        var grain = Client.GetGrain<ICockpitGrain>(id);
        await grain.PatchAsync("""{"title":"Changed after the install"}""", null, new Caller(fleet.OwnerId, false));

        var done = await fleet.RollBackAsync(RollbackMode.Snapshot);

        done.Restored.Should().Be(3);
        var view = (await grain.GetAsync())!;
        view.InstalledFeatures.Should().BeEmpty();
        view.Version.Should().Be("1.0.0", "the pre-install snapshot held version 1.0.0");
        CockpitDocument.Parse(view.DocumentJson)["title"]!.GetValue<string>().Should().Be(id, "snapshot mode goes back to before the install");
        var history = await grain.ListSnapshotsAsync();
        history[0].Reason.Should().StartWith($"before rolling back {fleet.FeatureId}", "the rollback itself can be undone");
        var undone = await grain.RestoreSnapshotAsync(history[0].Id, new Caller(fleet.OwnerId, false));
        CockpitDocument.Parse(undone.DocumentJson)["title"]!.GetValue<string>().Should().Be("Changed after the install");
    }

    [Fact]
    public async Task ARollbackStoppedAndStartedAgainDoesNotRevertTwice()
    {
        var fleet = new RollbackFleet(Client);
        var cockpits = await fleet.InstalledOnAsync(5);
        var first = await fleet.RollBackAsync();

        var second = await fleet.RollBackAsync();

        first.Restored.Should().Be(5);
        second.Total.Should().Be(0, "nothing has the feature any more");
        foreach (var id in cockpits)
        {
            (await Client.GetGrain<ICockpitGrain>(id).ListSnapshotsAsync()).Should().HaveCount(2, $"cockpit {id}: one install, one rollback");
        }
    }
}
