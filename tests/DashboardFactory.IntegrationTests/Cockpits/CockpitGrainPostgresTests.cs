using DashboardFactory.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Snapshots;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.IntegrationTests.Cockpits;

[Collection(PostgresClusterCollection.Name)]
public sealed class CockpitGrainPostgresTests(PostgresClusterFixture fixture) : CockpitGrainContract(() => fixture.Client)
{
    [Fact]
    public async Task ACockpitAndItsSnapshotsSurviveAFullStopOfItsCluster()
    {
        var id = "c-" + Guid.NewGuid().ToString("N")[..12];
        CockpitView before;
        UpdateResult install;
        await using (var first = await fixture.StartSecondClusterAsync())
        {
            var grain = first.Client.GetGrain<ICockpitGrain>(id);
            await grain.CreateAsync(new NewCockpit(Owner, "Durable", ["ops"], AutoUpdatePolicy.Default), []);
            install = await grain.ApplyReleaseAsync(Releases.Widget("feat_durable"));
            before = await grain.PatchAsync("""{"title":"Kept"}""", null, OwnerCaller);
        }

        await using var second = await fixture.StartSecondClusterAsync();
        var reread = second.Client.GetGrain<ICockpitGrain>(id);

        (await reread.GetAsync()).Should().BeEquivalentTo(before, "the first cluster stopped, so this came from PostgreSQL");
        (await reread.ListSnapshotsAsync()).Select(s => s.Id).Should().Equal(install.SnapshotId);
        (await reread.RenderAsync(null))!.Html.Should().Contain("Kept");
        (await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM cockpit_snapshots WHERE cockpit_id = '{id}'")).Should().Be(1);
    }

    [Fact]
    public async Task RetentionTrimsOldSnapshotsAndRunsOnAReminder()
    {
        var grain = await NewCockpitAsync();
        var fresh = await grain.ApplyReleaseAsync(Releases.Widget("feat_keep"));
        var store = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress).GetRequiredService<ISnapshotStore>();
        var id = grain.GetPrimaryKeyString();
        var old = (await store.GetAsync(id, fresh.SnapshotId!))! with { Id = "s-old", TakenAt = DateTimeOffset.UtcNow.AddDays(-31) };
        await store.SaveAsync(old);

        var removed = await fixture.Client.GetGrain<ISnapshotRetentionGrain>("default").TrimNowAsync();

        removed.Should().BeGreaterThanOrEqualTo(1);
        (await grain.ListSnapshotsAsync()).Select(s => s.Id).Should().Equal(fresh.SnapshotId);
        (await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM orleansreminderstable WHERE remindername = '{SnapshotRetentionGrain.ReminderName}'"))
            .Should().Be(1, "every silo ensured the one trim reminder at start");
    }
}
