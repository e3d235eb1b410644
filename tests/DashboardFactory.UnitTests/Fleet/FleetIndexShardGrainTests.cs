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
        store.State.Entries.Should().ContainKey("c-1");
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

        store.State.Entries.Should().NotContainKey("c-1");
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
