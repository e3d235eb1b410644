using System.Text.Json.Nodes;
using DashboardFactory.Cockpits;
using DashboardFactory.Errors;
using DashboardFactory.Limits;

namespace DashboardFactory.UnitTests.Cockpits;

/// <summary>An operator's merge patch: what it may change, what it is refused for, and that a refused patch changes nothing.</summary>
public sealed class CockpitPatchTests
{
    private static readonly LimitsOptions Limits = new();

    private static readonly FeatureRelease Feature =
        new("feat_a", "1.0.0", ChangeType.Safe, new WidgetRelease("kpi", "Factory title", 4, 2, "<p>a</p>\n", "", "{}"), InjectionMode.Append, null);

    private static readonly string Pristine = ReleaseApplier.Apply(Feature, CockpitDocument.Empty("Floor"), CockpitDocument.Empty("Floor")).ToJsonString();

    private static readonly EditableCockpit Current = new(Pristine, AutoUpdatePolicy.Default, ["ops"]);

    [Fact]
    public void APatchMergesIntoTheDocumentAndLeavesWhatItDoesNotNameAsItWas()
    {
        var patched = CockpitPatch.Apply("""{"title":"Night shift","widgets":{"feat_a":{"title":"Mine"}}}""", Current, Pristine, Limits);

        var document = CockpitDocument.Parse(patched.DocumentJson);
        document["title"]!.GetValue<string>().Should().Be("Night shift");
        document["widgets"]!["feat_a"]!["title"]!.GetValue<string>().Should().Be("Mine");
        document["widgets"]!["feat_a"]!["html"]!.GetValue<string>().Should().Be("<p>a</p>\n", "RFC 7396 keeps what the patch does not name");
        patched.AutoUpdate.Should().Be(Current.AutoUpdate);
        patched.Cohorts.Should().Equal("ops");
    }

    [Fact]
    public void NullRemovesAWidgetOfTheOperatorsOwn()
    {
        var mine = CockpitPatch.Apply("""{"widgets":{"notes":{"type":"note","title":"n","x":0,"y":9,"w":2,"h":1}}}""", Current, Pristine, Limits);

        var removed = CockpitPatch.Apply("""{"widgets":{"notes":null}}""", mine, Pristine, Limits);

        CockpitDocument.Widgets(CockpitDocument.Parse(mine.DocumentJson)).Should().ContainKey("notes");
        CockpitDocument.Widgets(CockpitDocument.Parse(removed.DocumentJson)).Should().NotContainKey("notes");
    }

    [Fact]
    public void ThePolicyCanBeChangedFieldByFieldAndTheCohortsAreReplacedWithoutRepeats()
    {
        var patched = CockpitPatch.Apply("""{"autoUpdate":{"maxChangeType":"breaking"},"cohorts":["night","ops","night"]}""", Current, Pristine, Limits);

        patched.AutoUpdate.Should().Be(new AutoUpdatePolicy(true, ChangeType.Breaking), "enabled was not named, so it stays on");
        patched.Cohorts.Should().Equal("night", "ops");
        patched.DocumentJson.Should().Be(Current.DocumentJson);
    }

    [Theory]
    [InlineData("""{"title":""", "The merge patch is not valid JSON")]
    [InlineData("""["title"]""", "A cockpit merge patch must be a JSON object.")]
    [InlineData("""{"version":"9.9.9","ownerId":"me"}""", "These fields cannot be patched: version, ownerId.")]
    public void APatchThatIsNoMergePatchOfACockpitIsRefused(string patch, string message)
    {
        var apply = () => CockpitPatch.Apply(patch, Current, Pristine, Limits);

        apply.Should().Throw<DomainException>().Where(e => e.Kind == DomainErrorKind.Invalid && e.Message.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void UnpatchableFieldsAreNamedByPath()
    {
        var apply = () => CockpitPatch.Apply("""{"version":"9.9.9"}""", Current, Pristine, Limits);

        apply.Should().Throw<DomainException>().Which.Errors!.Keys.Should().Equal("$.version");
    }

    [Fact]
    public void AnInvalidPatchNamesEveryProblemAtOnce()
    {
        var apply = () => CockpitPatch.Apply(
            """{"widgets":{"w1":{"type":"t","title":"x","x":11,"y":0,"w":4,"h":0}},"autoUpdate":{"enabled":"yes","maxChangeType":"huge"},"cohorts":["bad id"]}""",
            Current, Pristine, Limits);

        var error = apply.Should().Throw<DomainException>().Which;
        error.Kind.Should().Be(DomainErrorKind.Invalid);
        error.Message.Should().Be("The patched cockpit is not valid; nothing was changed.");
        error.Errors!.Keys.Should().BeEquivalentTo(
            "$.widgets.w1.w", "$.widgets.w1.h", "$.autoUpdate.enabled", "$.autoUpdate.maxChangeType", "$.cohorts");
    }

    [Fact]
    public void AutoUpdateMustBeAnObjectAndCohortsAnArrayOfIdsWithinTheLimit()
    {
        var tooMany = new JsonArray([.. Enumerable.Range(0, Limits.MaxCohorts + 1).Select(i => (JsonNode)$"k{i}")]);

        var apply = () => CockpitPatch.Apply(new JsonObject { ["autoUpdate"] = true, ["cohorts"] = tooMany }.ToJsonString(), Current, Pristine, Limits);

        apply.Should().Throw<DomainException>().Which.Errors.Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["$.autoUpdate"] = ["Must be an object {enabled, maxChangeType}."],
            ["$.cohorts"] = [$"Must be an array of at most {Limits.MaxCohorts} ids (Limits:MaxCohorts)."],
        });
    }

    [Fact]
    public void TheFactorysFieldsOnItsWidgetsCannotBeChangedAndOwnWidgetsCannotClaimAFeature()
    {
        var apply = () => CockpitPatch.Apply(
            """{"widgets":{"feat_a":{"featureId":"feat_b"},"mine":{"type":"note","title":"n","x":0,"y":9,"w":2,"h":1,"featureVersion":"1.0.0"}}}""",
            Current, Pristine, Limits);

        apply.Should().Throw<DomainException>().Which.Errors.Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["$.widgets.feat_a.featureId"] = ["Set by the factory; it cannot be changed."],
            ["$.widgets.mine.featureVersion"] = ["Widgets of your own may not claim a feature."],
        });
    }

    [Fact]
    public void ADocumentMayNotGrowPastTheLimitButAnOversizedOneMayBeTrimmed()
    {
        var small = new LimitsOptions { MaxDocumentBytes = Pristine.Length + 10 };
        var big = new EditableCockpit(
            CockpitPatch.Apply("""{"title":"A much longer title than the factory gave it"}""", Current, Pristine, Limits).DocumentJson, Current.AutoUpdate, Current.Cohorts);

        var grow = () => CockpitPatch.Apply("""{"title":"A much longer title than the factory gave it, and more"}""", big, Pristine, small);
        var trim = () => CockpitPatch.Apply("""{"title":"A much longer title"}""", big, Pristine, small);

        grow.Should().Throw<DomainException>().Which.Errors!.Keys.Should().Equal("$");
        trim.Should().NotThrow("the owner may shrink a document the limit already refuses");
    }
}
