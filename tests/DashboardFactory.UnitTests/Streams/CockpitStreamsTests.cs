namespace DashboardFactory.UnitTests.Streams;

public sealed class CockpitStreamsTests
{
    [Fact]
    public void APartitionIsAStableFunctionOfTheCockpitIdAcrossProcesses()
    {
        // FNV-1a offset basis 0x811C9DC5 for the empty string; fixed values guard against a switch to a
        // per-process hash, which would route a cockpit's events to a partition no other node agrees on.
        CockpitStreams.PartitionOf(string.Empty).Should().Be(5);
        CockpitStreams.KeyOf("c-0001").Should().Be(CockpitStreams.KeyOf("c-0001"));
        CockpitStreams.KeyOf("c-0001").Should().Be($"p{CockpitStreams.PartitionOf("c-0001")}");
    }

    [Fact]
    public void CockpitsSpreadEvenlyOverThePartitions()
    {
        var counts = Enumerable.Range(0, 10_000)
            .Select(i => CockpitStreams.PartitionOf($"cockpit-{i:D5}"))
            .GroupBy(p => p)
            .ToDictionary(g => g.Key, g => g.Count());

        counts.Keys.Should().BeEquivalentTo(Enumerable.Range(0, CockpitStreams.Partitions));
        counts.Values.Should().OnlyContain(n => n > 450 && n < 800, "10,000 ids over {0} partitions average 625", CockpitStreams.Partitions);
    }

    [Fact]
    public void EveryPartitionKeyIsListedOnceForSubscribers()
    {
        var keys = CockpitStreams.AllKeys().ToList();

        keys.Should().HaveCount(CockpitStreams.Partitions).And.OnlyHaveUniqueItems();
        Enumerable.Range(0, 1_000).Select(i => CockpitStreams.KeyOf($"x{i}")).Should().OnlyContain(k => keys.Contains(k));
    }
}
