using DashboardFactory.Cockpits;

namespace DashboardFactory.UnitTests.Architecture;

/// <summary>
/// Capabilities of the grains (Campaigns, Cockpits, Features, Fleet, ...) may use each other one way only, so each
/// can be read, changed and tested with what it uses and nothing that uses it. What they share goes to the interface
/// project (contracts such as <see cref="SemanticVersion"/>) or to a capability both use; Hosting wires them all up.
/// </summary>
public sealed class CapabilityDependencyTests
{
    private static readonly CapabilityDependencies Grains = new(typeof(CockpitGrain).Assembly);

    [Fact]
    public void NoTwoCapabilitiesOfTheGrainsDependOnEachOther()
    {
        var cycles = Grains.Cycles();

        cycles.Should().BeEmpty("capabilities depend on each other one way only:" + Environment.NewLine +
            string.Join(Environment.NewLine, cycles.SelectMany(Grains.Describe)));
    }

    [Fact]
    public void TheCheckSeesUsesThatOnlyMethodBodiesMake()
    {
        Grains.Uses["Features"].Should().ContainKey("Campaigns", "FeatureChanges calls CampaignIds.For in its body only");
        Grains.Uses["Campaigns"].Should().ContainKey("Telemetry", "CampaignGrain counts settled cockpits through FactoryMetrics");
    }

    [Fact]
    public void TheCycleSearchFindsEveryRoundTripAndNothingElse()
    {
        var graph = new CapabilityDependencies([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("D", "E"), ("E", "D"), ("F", "A")]);

        graph.Cycles().Should().BeEquivalentTo(new[] { new[] { "A", "B", "C" }, new[] { "D", "E" } });
        graph.Describe(["D", "E"]).Should().BeEquivalentTo("D → E (given)", "E → D (given)");
    }
}
