using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Fleet;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.Previews;
using DashboardFactory.Previews;
using DashboardFactory.StateReads;
using Orleans.Storage;

namespace DashboardFactory.IntegrationTests.StateReads;

/// <summary>
/// Grain states read in batches (src/Grains/StateReads) on real PostgreSQL: the same rows, ETags and counts as the
/// provider's own reads, nothing stale, and the provider's read when the batched one fails.
/// </summary>
public sealed class BatchedStateReadTests(BatchedReadsCluster fixture) : IClassFixture<BatchedReadsCluster>
{
    private const string BatchFailed = "A batched read of";

    private static readonly Caller Admin = new("admin", true);

    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task TheKeysAndHashesAreThoseTheProviderStoresRowsUnder()
    {
        var cockpitId = $"c-{Guid.NewGuid():N}"[..20];
        await Client.GetGrain<ICockpitGrain>(cockpitId).CreateAsync(new NewCockpit("op-reads", cockpitId, ["reads"], AutoUpdatePolicy.Default), []);
        var shard = FleetIndex.ShardOf(cockpitId);
        var hashes = new StorageHasherPicker([new OrleansDefaultHasher()]);
        var cockpitKey = StateKey.For("cockpit", GrainId.Create(GrainType.Create("cockpit"), cockpitId), new GrainState<object>(), hashes, fixture.ServiceId, ProviderNames.Storage);
        var shardKey = StateKey.For("fleetIndex", GrainId.Create(GrainType.Create("shard"), GrainIdKeyExtensions.CreateIntegerKey(shard)), new GrainState<object>(), hashes, fixture.ServiceId, ProviderNames.Storage);

        var cockpitRow = await Eventually.Async(() => RowHashesAsync("cockpit", 0, 0, $"'{cockpitId}'"), r => r.Count == 1);
        var shardRow = await Eventually.Async(() => RowHashesAsync("fleetIndex", 0, shard, "NULL"), r => r.Count == 1);

        cockpitRow.Should().ContainSingle().Which.Should().Be((cockpitKey.IdHash, cockpitKey.TypeHash), "a string key's hashes are the provider's");
        shardRow.Should().ContainSingle().Which.Should().Be((shardKey.IdHash, shardKey.TypeHash), "an integer key's hashes are the provider's");
        (cockpitKey.N0, cockpitKey.N1, cockpitKey.Extension, shardKey.N0, shardKey.N1, shardKey.Extension).Should().Be((0L, 0L, cockpitId, 0L, (long)shard, (string?)null));
    }

    [Fact]
    public async Task AColdPreviewReadInBatchesCountsWhatTheRolloutThenDoes()
    {
        var fleet = new PreviewFleet(Client);
        await fleet.BuildAsync();
        var plan = await fleet.Feature.RolloutPlanAsync(PreviewFleet.NewVersion, new Caller("admin", true));
        var warm = await ReleasePreviews.PreviewAsync(Client, plan.Release, plan.Cohorts);
        await fixture.DeactivateAllAsync();
        var failuresBefore = BatchFailures();

        var cold = await ReleasePreviews.PreviewAsync(Client, plan.Release, plan.Cohorts);

        cold.Should().BeEquivalentTo(warm, "a cockpit read in a batch previews as it did while active");
        cold.Clean.Should().Be(fleet.Clean.Count + fleet.Newcomers.Count);
        cold.Conflicting.Should().Be(fleet.Conflicting.Count);
        cold.Skipped[SkipReasons.Policy].Should().Be(fleet.SafeOnly.Count + fleet.OptedOut.Count);
        cold.Failed.Should().Be(0);

        // The rollout writes every state the preview's batches read: a wrong ETag would fail those writes.
        await fleet.Feature.ApproveReleaseAsync(PreviewFleet.NewVersion, "admin");
        var done = await fleet.FinishedAsync();

        done.Status.Should().Be(CampaignStatus.Completed, "{0}", done);
        (done.Total, done.Applied, done.Conflicts, done.Failed).Should().Be((cold.Targeted, cold.Clean + cold.Conflicting, cold.Conflicts, 0));
        BatchFailures().Should().Be(failuresBefore, "no batch failed: every state came from the batched reads");
    }

    [Fact]
    public async Task AStateWrittenJustBeforeABurstOfActivationsIsReadAsWrittenWithItsOwnETag()
    {
        var ids = await new Campaigns.Fleet(Client).CockpitsAsync(60);
        var created = await Task.WhenAll(ids.Select(id => Client.GetGrain<ICockpitGrain>(id).GetAsync()));
        var edited = ids.Where((_, i) => i % 3 == 0).ToHashSet();
        await fixture.DeactivateAllAsync();

        // A third of the cockpits are activated (read in the burst's batches) and written while the burst reads all sixty.
        var edits = edited.Select(id => Client.GetGrain<ICockpitGrain>(id).PatchAsync("{\"title\":\"edited " + id + "\"}", null, Admin)).ToList();
        var burst = ids.Select(id => Client.GetGrain<ICockpitGrain>(id).GetAsync()).ToList();
        var written = await Task.WhenAll(edits);
        await Task.WhenAll(burst);
        await fixture.DeactivateAllAsync();

        var read = await Task.WhenAll(ids.Select(id => Client.GetGrain<ICockpitGrain>(id).GetAsync()));

        read.Where(v => edited.Contains(v!.Id)).Should().BeEquivalentTo(written, "a state written before its activation is read as written, ETag included");
        read.Where(v => !edited.Contains(v!.Id)).Should().BeEquivalentTo(created.Where(v => !edited.Contains(v!.Id)));
        foreach (var view in read)
        {
            var again = await Client.GetGrain<ICockpitGrain>(view!.Id).PatchAsync("{\"title\":\"again\"}", view.ETag, Admin);
            again.ETag.Should().NotBe(view.ETag, $"cockpit {view.Id} saved a change after a batched read: the stored version was the one read");
        }
    }

    [Fact]
    public async Task AStoredVersionThatMovedAfterTheReadRefusesTheGrainsNextWrite()
    {
        var id = (await new Campaigns.Fleet(Client).CockpitsAsync(1)).Single();
        var grain = Client.GetGrain<ICockpitGrain>(id);
        await fixture.DeactivateAllAsync();
        await grain.GetAsync();

        // Another writer (a second activation in a split brain, say) moves the row on after the batched read.
        await fixture.Database.ExecuteAsync(
            $"UPDATE OrleansStorage SET Version = Version + 1 WHERE ServiceId = '{fixture.ServiceId}' AND GrainTypeString = 'cockpit' AND GrainIdExtensionString = '{id}'");
        var late = () => grain.PatchAsync("{\"title\":\"late\"}", null, Admin);

        await late.Should().ThrowAsync<Exception>("the ETag read is the version the row had, so the write finds it moved and writes nothing");
        (await grain.PatchAsync("{\"title\":\"after re-reading\"}", null, Admin)).DocumentJson.Should().Contain("after re-reading",
            "the refused write made the grain read its state again, with the row's new version");
    }

    [Fact]
    public async Task WhenTheBatchedReadFailsEachStateIsReadAlone()
    {
        var ids = await new Campaigns.Fleet(Client).CockpitsAsync(30);
        var before = await Task.WhenAll(ids.Select(id => Client.GetGrain<ICockpitGrain>(id).GetAsync()));
        await fixture.DeactivateAllAsync();
        const string Signature = "orleans_read_many_from_storage(text, integer[], integer[], bigint[], bigint[], text[], text[])";
        await fixture.Database.ExecuteAsync($"ALTER FUNCTION {Signature} RENAME TO orleans_read_many_moved");
        try
        {
            var after = await Task.WhenAll(ids.Select(id => Client.GetGrain<ICockpitGrain>(id).GetAsync()));

            after.Should().BeEquivalentTo(before, "each cockpit was read by the provider's own statement");
            await fixture.Logs.WaitForAsync(l => l.Contains(BatchFailed), "saying the batch failed");
        }
        finally
        {
            await fixture.Database.ExecuteAsync($"ALTER FUNCTION {Signature.Replace("orleans_read_many_from_storage", "orleans_read_many_moved")} RENAME TO orleans_read_many_from_storage");
        }
    }

    private int BatchFailures() => fixture.Logs.Lines.Count(l => l.Contains(BatchFailed));

    private async Task<List<(int IdHash, int TypeHash)>> RowHashesAsync(string stateName, long n0, long n1, string extension) =>
        [.. (await fixture.Database.RowsAsync($"""
            SELECT GrainIdHash, GrainTypeHash FROM OrleansStorage
            WHERE ServiceId = '{fixture.ServiceId}' AND GrainTypeString = '{stateName}' AND GrainIdN0 = {n0} AND GrainIdN1 = {n1}
              AND GrainIdExtensionString IS NOT DISTINCT FROM {extension}
            """)).Select(r => ((int)r[0]!, (int)r[1]!))];
}
