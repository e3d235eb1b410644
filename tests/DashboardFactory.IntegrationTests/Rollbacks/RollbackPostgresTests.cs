using DashboardFactory.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Notifications;
using DashboardFactory.Rollbacks;

namespace DashboardFactory.IntegrationTests.Rollbacks;

public sealed class RollbackPostgresTests
{
    [Fact]
    public async Task ASiloKilledMidRollbackStillRevertsEveryCockpitExactlyOnce()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("killrollback");
        await using var cluster = await TestClusters.StartAsync(3, db.ConnectionString, settings: new Dictionary<string, string?> { ["Rollbacks:Concurrency"] = "16" });
        var fleet = new RollbackFleet(cluster.Client);
        var cockpits = await fleet.InstalledOnAsync(200);
        var id = "rb-" + Guid.NewGuid().ToString("N")[..12];
        var rollback = cluster.Client.GetGrain<IRollbackGrain>(id);

        await rollback.StartAsync(fleet.FeatureId, "XSS", RollbackMode.Revert, "admin");
        await Eventually.Async(() => rollback.GetAsync(), v => v!.Restored >= 20 || v.Completed, TimeSpan.FromSeconds(60));
        await cluster.KillSiloAsync(cluster.Silos[1]);
        var done = await fleet.FinishedAsync(id, TimeSpan.FromSeconds(120));

        (done.Total, done.Restored, done.Failed).Should().Be((cockpits.Count, cockpits.Count, 0), $"{done}");
        foreach (var cockpit in cockpits)
        {
            var view = (await cluster.Client.GetGrain<ICockpitGrain>(cockpit).GetAsync())!;
            view.InstalledFeatures.Should().NotContainKey(fleet.FeatureId, $"cockpit {cockpit} was rolled back");
            view.Version.Should().Be("1.0.2", $"cockpit {cockpit}: one install, one removal");
        }

        var snapshots = await db.RowsAsync($"SELECT cockpit_id, count(*) FROM cockpit_snapshots WHERE reason LIKE 'before removing {fleet.FeatureId}%' GROUP BY cockpit_id");
        snapshots.Should().HaveCount(cockpits.Count).And.OnlyContain(r => (long)r[1]! == 1, "each cockpit was reverted once");
        (await cluster.Client.GetGrain<INotificationInboxGrain>(fleet.OwnerId).ListAsync()).Should().HaveCount(cockpits.Count, "one notification per cockpit");
        (await db.ScalarAsync<long>($"SELECT count(*) FROM webhook_outbox WHERE event_type = 'feature.rolled_back' AND payload LIKE '%{fleet.FeatureId}%'")).Should().Be(1);
    }
}
