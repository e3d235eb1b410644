using DashboardFactory.Features;

namespace DashboardFactory.UnitTests.Features;

public sealed class DependencyGraphTests
{
    [Fact]
    public void NoDependenciesMeanNoCycle() =>
        DependencyGraph.FindCycle(Graph(), "a", []).Should().BeNull();

    [Fact]
    public void DependingOnItselfIsACycleOfOne() =>
        DependencyGraph.FindCycle(Graph(), "a", ["a"]).Should().Equal("a", "a");

    [Fact]
    public void ATwoCycleIsNamedFromTheFeatureBackToIt() =>
        DependencyGraph.FindCycle(Graph("b:a"), "a", ["b"]).Should().Equal("a", "b", "a");

    [Fact]
    public void AThreeCycleIsNamedInDependencyOrder() =>
        DependencyGraph.FindCycle(Graph("b:c", "c:a"), "a", ["b"]).Should().Equal("a", "b", "c", "a");

    [Fact]
    public void ADiamondIsNotACycle() =>
        DependencyGraph.FindCycle(Graph("b:d", "c:d", "d:e"), "a", ["b", "c"]).Should().BeNull();

    [Fact]
    public void AFeatureBelowADiamondMayNotDependOnItsTop() =>
        DependencyGraph.FindCycle(Graph("a:b,c", "b:d", "c:d"), "d", ["a"]).Should().Equal("d", "a", "b", "d");

    [Fact]
    public void TheFeaturesOldDependenciesAreReplacedNotAdded()
    {
        // Stored: a depends on b, b on a (the very cycle the new release removes).
        DependencyGraph.FindCycle(Graph("a:b", "b:a"), "a", []).Should().BeNull();
        DependencyGraph.FindCycle(Graph("a:c", "b:a"), "a", ["b"]).Should().Equal("a", "b", "a");
    }

    [Fact]
    public void ACycleElsewhereIsNotTheFeaturesCycle() =>
        DependencyGraph.FindCycle(Graph("b:c", "c:b"), "a", ["b"]).Should().BeNull();

    [Fact]
    public void UnknownFeaturesHaveNoDependencies() =>
        DependencyGraph.FindCycle(Graph("b:zzz"), "a", ["b", "yyy"]).Should().BeNull();

    [Fact]
    public void TheShortestCycleIsReported() =>
        DependencyGraph.FindCycle(Graph("b:c", "c:d", "d:a", "x:a"), "a", ["b", "x"]).Should().Equal("a", "x", "a");

    [Fact]
    public void AmongEquallyShortCyclesTheOrdinallyFirstIsReported() =>
        DependencyGraph.FindCycle(Graph("b:a", "c:a"), "a", ["c", "b"]).Should().Equal("a", "b", "a");

    [Theory]
    [InlineData(new[] { "c", "b", "a" }, new[] { "b:a", "c:b" }, new[] { "a", "b", "c" })]
    [InlineData(new[] { "z", "a", "m" }, new string[0], new[] { "a", "m", "z" })]
    [InlineData(new[] { "a", "b", "c", "d" }, new[] { "a:b,c", "b:d", "c:d" }, new[] { "d", "b", "c", "a" })]
    [InlineData(new[] { "a", "b", "c", "d" }, new[] { "a:d", "c:b" }, new[] { "b", "c", "d", "a" })]
    [InlineData(new[] { "a", "b" }, new[] { "a:outside", "b:a,gone" }, new[] { "a", "b" })]
    [InlineData(new[] { "b", "a", "b" }, new string[0], new[] { "a", "b" })]
    [InlineData(new string[0], new[] { "a:b" }, new string[0])]
    public void InstallOrderPutsDependenciesFirstAndBreaksTiesByOrdinalId(string[] features, string[] edges, string[] expected) =>
        DependencyGraph.InstallOrder(Graph(edges), features).Should().Equal(expected);

    [Theory]
    [InlineData(new[] { "a:a" }, "a → a")]
    [InlineData(new[] { "a:b", "b:a" }, "a → b → a")]
    [InlineData(new[] { "a:b", "b:c", "c:a", "d:a" }, "a → b → c → a")]
    [InlineData(new[] { "a:x", "x:m", "m:n", "n:m" }, "m → n → m")]
    public void InstallOrderRefusesACycleAndNamesIt(string[] edges, string cycle)
    {
        var features = Graph(edges).Keys.ToList();

        FluentActions.Invoking(() => DependencyGraph.InstallOrder(Graph(edges), features))
            .Should().Throw<InvalidOperationException>().WithMessage($"*{cycle}*");
    }

    [Fact]
    public void InstallOrderIsTheSameWhateverOrderTheFeaturesComeIn()
    {
        var random = new Random(2301);
        for (var round = 0; round < 300; round++)
        {
            var (graph, features) = RandomDag(random);
            var expected = DependencyGraph.InstallOrder(graph, features);

            var shuffled = features.ToArray();
            random.Shuffle(shuffled);
            var shuffledGraph = graph.Reverse().ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Reverse().ToList());

            DependencyGraph.InstallOrder(shuffledGraph, shuffled).Should().Equal(expected, $"round {round}");
        }
    }

    [Fact]
    public void InstallOrderTakesTheOrdinallySmallestReadyFeatureAtEveryStep()
    {
        var random = new Random(2302);
        for (var round = 0; round < 300; round++)
        {
            var (graph, features) = RandomDag(random);
            var inSet = features.ToHashSet(StringComparer.Ordinal);

            var order = DependencyGraph.InstallOrder(graph, features);

            order.Should().BeEquivalentTo(inSet, $"round {round}");
            var installed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var next in order)
            {
                var ready = inSet
                    .Where(id => !installed.Contains(id))
                    .Where(id => graph.GetValueOrDefault(id, []).Where(inSet.Contains).All(installed.Contains))
                    .Order(StringComparer.Ordinal);
                next.Should().Be(ready.First(), $"round {round}: {string.Join(", ", order)}");
                installed.Add(next);
            }
        }
    }

    [Fact]
    public void FindCycleAgreesWithInstallOrderOnRandomGraphs()
    {
        var random = new Random(2303);
        for (var round = 0; round < 300; round++)
        {
            var (graph, features) = RandomDag(random);
            var feature = features[random.Next(features.Count)];
            var newDependencies = features.Where(_ => random.Next(4) == 0).ToList();

            var cycle = DependencyGraph.FindCycle(graph, feature, newDependencies);

            var changed = graph.ToDictionary(p => p.Key, p => p.Value);
            changed[feature] = newDependencies;
            var install = () => DependencyGraph.InstallOrder(changed, features);
            if (cycle is null)
            {
                install.Should().NotThrow($"round {round}");
            }
            else
            {
                install.Should().Throw<InvalidOperationException>($"round {round}");
                cycle[0].Should().Be(feature);
                cycle[^1].Should().Be(feature);
                cycle.Zip(cycle.Skip(1)).Should().OnlyContain(
                    edge => changed.GetValueOrDefault(edge.First, Array.Empty<string>()).Contains(edge.Second), $"round {round}: {string.Join(" → ", cycle)}");
            }
        }
    }

    // "a:b,c" means a depends on b and c.
    private static Dictionary<string, IReadOnlyList<string>> Graph(params string[] edges) =>
        edges.Select(e => e.Split(':')).ToDictionary(
            parts => parts[0],
            parts => (IReadOnlyList<string>)parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries),
            StringComparer.Ordinal);

    // Edges only point to features earlier in a random ranking, so the graph is acyclic; a few point outside the set.
    private static (Dictionary<string, IReadOnlyList<string>> Graph, List<string> Features) RandomDag(Random random)
    {
        var features = Enumerable.Range(0, random.Next(1, 12)).Select(i => $"f{i}").ToList();
        var ranked = features.ToArray();
        random.Shuffle(ranked);

        var graph = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var i = 0; i < ranked.Length; i++)
        {
            var dependencies = ranked.Take(i).Where(_ => random.Next(3) == 0).ToList();
            if (random.Next(5) == 0)
            {
                dependencies.Add("outside");
            }

            graph[ranked[i]] = dependencies;
        }

        return (graph, features);
    }
}
