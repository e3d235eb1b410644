using DashboardFactory.Cockpits;
using DashboardFactory.Fleet;
using FluentAssertions;
using Orleans.Runtime;
using Xunit;

namespace DashboardFactory.UnitTests.Fleet;

public sealed class FleetIndexShardGrainTests
{
    [Fact]
    public async Task AnUnchangedEntryCostsNoWrite()
    {
        var store = new FlakyState();
        var shard = await ActivateAsync(store);
        await shard.UpsertAsync(Entry("c-1", "1.0.1"));

        await shard.UpsertAsync(Entry("c-1", "1.0.1"));

        store.Writes.Should().Be(1, "the second upsert brings equal values in new collections");
    }

    [Fact]
    public async Task AnEntryWhoseWriteFailedIsWrittenAgainWhenAskedAgain()
    {
        var store = new FlakyState { FailNext = true };
        var shard = await ActivateAsync(store);
        var act = () => shard.UpsertAsync(Entry("c-1", "1.0.1"));
        await act.Should().ThrowAsync<TimeoutException>();

        await shard.UpsertAsync(Entry("c-1", "1.0.1"));

        store.Writes.Should().Be(1, "the retry must not be answered from memory: it is the first write that succeeded");
        store.State.ReadEntries().Should().ContainKey("c-1");
    }

    [Fact]
    public async Task ARemovalAfterAFailedWriteIsWrittenToo()
    {
        var store = new FlakyState();
        var shard = await ActivateAsync(store);
        await shard.UpsertAsync(Entry("c-1", "1.0.1"));
        store.FailNext = true;
        var act = () => shard.RemoveAsync("c-1");
        await act.Should().ThrowAsync<TimeoutException>();

        await shard.RemoveAsync("c-1");

        store.State.ReadEntries().Should().NotContainKey("c-1");
    }

    [Fact]
    public void APackedShardReadsBackEveryFieldOfEveryEntry()
    {
        FleetEntry[] entries =
        [
            Entry("c-1", "1.0.1"),
            new("c-2", "2.3.4", [], new Dictionary<string, string>(), new AutoUpdatePolicy(false, ChangeType.Breaking), DateTimeOffset.Parse("2026-11-30T15:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture)),
        ];

        var read = FleetIndexState.Of(entries).ReadEntries();

        read.Should().HaveCount(2);
        read["c-1"].Should().BeEquivalentTo(entries[0]);
        read["c-2"].Should().BeEquivalentTo(entries[1], "an empty cohort list and feature map, a policy that is off and a null owner survive too");
        read["c-2"].UpdatedAt.Offset.Should().Be(TimeSpan.FromHours(1));
    }

    [Fact]
    public void APackedShardIsAFractionOfItsJsonAndADamagedOneIsRefusedByName()
    {
        var entries = Enumerable.Range(0, 150).Select(i => Entry($"c-{i:D4}", "1.0.1")).ToList();
        var packed = FleetIndexState.Of(entries).Packed!;
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(entries);

        packed.Length.Should().BeLessThan(json.Length / 4, "entries repeat their feature ids, versions and cohorts");
        packed[^1] ^= 0xFF;
        packed[^2] ^= 0xFF;
        var read = () => new FleetIndexState { Packed = packed }.ReadEntries();
        read.Should().Throw<InvalidDataException>();
        var unknown = () => new FleetIndexState { Packed = [9, 0, 0, 0, 0] }.ReadEntries();
        unknown.Should().Throw<InvalidDataException>().WithMessage("*format 9*");
    }

    [Fact]
    public async Task AShardStoredInTheOlderFormIsReadWholeAndItsNextWritePacksIt()
    {
        var older = Entry("c-0", "1.0.0");
        var store = new FlakyState { State = new FleetIndexState { Entries = new(StringComparer.Ordinal) { ["c-0"] = older } } };
        var shard = await ActivateAsync(store);

        await shard.UpsertAsync(Entry("c-1", "1.0.1"));

        store.State.Packed.Should().NotBeNullOrEmpty();
        store.State.Entries.Should().BeEmpty("the older form is only read");
        var read = store.State.ReadEntries();
        read.Keys.Should().BeEquivalentTo(["c-0", "c-1"]);
        read["c-0"].Should().BeEquivalentTo(older);
    }

    private static async Task<FleetIndexShardGrain> ActivateAsync(FlakyState store)
    {
        var shard = new FleetIndexShardGrain(store);
        await shard.OnActivateAsync(CancellationToken.None);
        return shard;
    }

    private static FleetEntry Entry(string id, string version) =>
        new(id, version, ["north"], new Dictionary<string, string> { ["f-1"] = "1.0.0" }, AutoUpdatePolicy.Default, DateTimeOffset.UnixEpoch, "op-1");

    private sealed class FlakyState : IPersistentState<FleetIndexState>
    {
        public FleetIndexState State { get; set; } = new();

        public string? Etag => Writes.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public bool RecordExists => Writes > 0;

        public bool FailNext { get; set; }

        public int Writes { get; private set; }

        public Task ClearStateAsync() => Task.CompletedTask;

        public Task ClearStateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ReadStateAsync() => Task.CompletedTask;

        public Task ReadStateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task WriteStateAsync() => WriteStateAsync(CancellationToken.None);

        public Task WriteStateAsync(CancellationToken cancellationToken)
        {
            if (FailNext)
            {
                FailNext = false;
                return Task.FromException(new TimeoutException("The database did not answer."));
            }

            Writes++;
            return Task.CompletedTask;
        }
    }
}
