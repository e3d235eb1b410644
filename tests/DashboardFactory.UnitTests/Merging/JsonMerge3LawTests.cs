using System.Text.Json.Nodes;
using DashboardFactory.Merging;

namespace DashboardFactory.UnitTests.Merging;

public sealed class JsonMerge3LawTests
{
    private const int Cases = 300;
    private const int FirstSeed = 90_000;

    [Fact]
    public void WhenTheOperatorChangedNothingTheResultIsTheFactoryOutput() =>
        ForEachSeed(seed =>
        {
            var generator = new GeneratedCockpit(seed);
            var @base = generator.Document();
            var theirs = generator.Edit(@base);

            ShouldBeCleanAndEqual(JsonMerge3.Merge(@base, @base.DeepClone(), theirs), theirs, seed);
        });

    [Fact]
    public void WhenTheFactoryChangedNothingTheResultIsTheOperatorsDocument() =>
        ForEachSeed(seed =>
        {
            var generator = new GeneratedCockpit(seed);
            var @base = generator.Document();
            var ours = generator.Edit(@base);

            ShouldBeCleanAndEqual(JsonMerge3.Merge(@base, ours, @base.DeepClone()), ours, seed);
        });

    [Fact]
    public void WhenBothSidesAreEqualTheResultIsThatDocument() =>
        ForEachSeed(seed =>
        {
            var generator = new GeneratedCockpit(seed);
            var @base = generator.Document();
            var both = generator.Edit(@base);

            ShouldBeCleanAndEqual(JsonMerge3.Merge(@base, both, both.DeepClone()), both, seed);
        });

    [Fact]
    public void AChangeOnlyTheOperatorMadeAlwaysSurvives() =>
        ForEachSeed(seed =>
        {
            var edits = new DisjointCockpitEdits(seed);

            var result = JsonMerge3.Merge(edits.Base, edits.Ours, edits.Theirs);

            result.Conflicts.Should().BeEmpty("seed {0}", seed);
            foreach (var leaf in edits.OurLeaves)
            {
                ShouldHold(result.Merged, leaf, JsonKeys.Get(edits.Ours, leaf), seed);
            }

            if (edits.OurWidget is not null)
            {
                ShouldHold(result.Merged, ["widgets", edits.OurWidget], edits.Ours["widgets"]![edits.OurWidget], seed);
            }
        });

    [Fact]
    public void AChangeOnlyTheFactoryMadeAlwaysArrives() =>
        ForEachSeed(seed =>
        {
            var edits = new DisjointCockpitEdits(seed);

            var result = JsonMerge3.Merge(edits.Base, edits.Ours, edits.Theirs);

            result.Conflicts.Should().BeEmpty("seed {0}", seed);
            foreach (var leaf in edits.TheirLeaves)
            {
                ShouldHold(result.Merged, leaf, JsonKeys.Get(edits.Theirs, leaf), seed);
            }

            if (edits.TheirWidget is not null)
            {
                ShouldHold(result.Merged, ["widgets", edits.TheirWidget], edits.Theirs["widgets"]![edits.TheirWidget], seed);
            }

            if (edits.RemovedWidget is not null)
            {
                JsonKeys.Exists(result.Merged, ["widgets", edits.RemovedWidget]).Should().BeFalse("seed {0}", seed);
            }
        });

    [Fact]
    public void WhenBothChangeTheSameValueTheOperatorWinsAndExactlyThatPathIsReported() =>
        ForEachSeed(seed =>
        {
            var edits = new DisjointCockpitEdits(seed);
            var contested = edits.Untouched.FirstOrDefault(leaf => leaf[^1] is not ("html" or "css"));
            if (contested is null)
            {
                return;
            }

            var ourValue = edits.Generator.NewValue(JsonKeys.Get(edits.Base, contested));
            var theirValue = edits.Generator.NewValue(JsonKeys.Get(edits.Base, contested), ourValue);
            JsonKeys.Set(edits.Ours, contested, ourValue?.DeepClone());
            JsonKeys.Set(edits.Theirs, contested, theirValue);

            var result = JsonMerge3.Merge(edits.Base, edits.Ours, edits.Theirs);

            ShouldHold(result.Merged, contested, ourValue, seed);
            result.Conflicts.Should().Equal([new MergeConflict(JsonKeys.ToPath(contested), MergeConflictKind.Value)], "seed {0}", seed);
        });

    private static void ForEachSeed(Action<int> check)
    {
        for (var seed = FirstSeed; seed < FirstSeed + Cases; seed++)
        {
            check(seed);
        }
    }

    private static void ShouldBeCleanAndEqual(MergeResult result, JsonNode expected, int seed)
    {
        result.Conflicts.Should().BeEmpty("seed {0}", seed);
        JsonNode.DeepEquals(result.Merged, expected).Should().BeTrue(
            "seed {0}: expected {1} but got {2}", seed, expected.ToJsonString(), result.Merged?.ToJsonString());
    }

    private static void ShouldHold(JsonNode? document, IReadOnlyList<string> keys, JsonNode? expected, int seed)
    {
        JsonKeys.Exists(document, keys).Should().BeTrue("seed {0}: {1} should exist", seed, JsonKeys.ToPath(keys));
        var actual = JsonKeys.Get(document!, keys);
        JsonNode.DeepEquals(actual, expected).Should().BeTrue(
            "seed {0}: {1} should be {2} but is {3}", seed, JsonKeys.ToPath(keys), expected?.ToJsonString(), actual?.ToJsonString());
    }
}
