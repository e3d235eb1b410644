using DashboardFactory.Cockpits;
using DashboardFactory.Features;

namespace DashboardFactory.UnitTests.Features;

public sealed class ReleaseRulesTests
{
    private const string FeatureId = "throughput_kpi";
    private const string Guide = "Rename config key 'kpi' to 'metric'.";

    [Fact]
    public void AWellFormedReleasePasses()
    {
        var result = ReleaseRules.Validate(FeatureId, Releases.Spec(), null);

        result.IsValid.Should().BeTrue();
        result.Problems.Should().BeEmpty();
        result.VersionConflict.Should().BeFalse();
        result.IsConflictOnly.Should().BeFalse();
    }

    [Theory]
    [InlineData("1.0.0", null, ChangeType.Safe)]
    [InlineData("0.0.1", null, ChangeType.Reviewed)]
    [InlineData("0.1.0", null, ChangeType.Breaking)] // a first release may start anywhere
    [InlineData("1.0.1", "1.0.0", ChangeType.Safe)]
    [InlineData("1.10.0", "1.9.9", ChangeType.Reviewed)] // compared as numbers, not text
    [InlineData("2.0.0", "1.0.0", ChangeType.Safe)] // only BREAKING prescribes its bump
    [InlineData("2.0.0", "1.4.2", ChangeType.Breaking)]
    [InlineData("4.0.0", "1.4.2", ChangeType.Breaking)]
    [InlineData("2.3.1", "1.4.2", ChangeType.Breaking)]
    public void VersionsAboveTheLatestPass(string version, string? latest, ChangeType change) =>
        ReleaseRules.Validate(FeatureId, Releases.Spec(version, change, Guide), latest).Problems.Should().BeEmpty();

    [Theory]
    [InlineData("1.0.0", "1.0.0")]
    [InlineData("0.9.9", "1.0.0")]
    [InlineData("1.9.10", "1.10.0")]
    public void AVersionNotAboveTheLatestIsAConflict(string version, string latest)
    {
        var result = ReleaseRules.Validate(FeatureId, Releases.Spec(version), latest);

        result.VersionConflict.Should().BeTrue();
        result.IsConflictOnly.Should().BeTrue();
        result.Problems.Should().ContainSingle().Which.Key.Should().Be("version");
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("v1.0.0")]
    [InlineData("1.0.0-beta")]
    [InlineData("01.0.0")]
    [InlineData("")]
    public void AMalformedVersionIsUnprocessableNotAConflict(string version)
    {
        var result = ReleaseRules.Validate(FeatureId, Releases.Spec(version), "1.0.0");

        result.VersionConflict.Should().BeFalse();
        result.Problems.Should().ContainSingle().Which.Key.Should().Be("version");
    }

    [Theory]
    [InlineData("1.5.0", "1.4.2")]
    [InlineData("1.4.3", "1.4.2")]
    public void ABreakingReleaseWithoutAMajorBumpIsUnprocessable(string version, string latest)
    {
        var result = ReleaseRules.Validate(FeatureId, Releases.Spec(version, ChangeType.Breaking, Guide), latest);

        result.VersionConflict.Should().BeFalse();
        result.Problems.Should().ContainSingle().Which.Key.Should().Be("version");
    }

    [Fact]
    public void ABreakingReleaseBelowTheLatestIsReportedOnlyAsTheConflict() =>
        ReleaseRules.Validate(FeatureId, Releases.Spec("1.4.2", ChangeType.Breaking, Guide), "1.4.2")
            .IsConflictOnly.Should().BeTrue();

    [Fact]
    public void AConflictAlongsideOtherProblemsIsNotConflictOnly()
    {
        var spec = Releases.Spec("1.0.0") with { Widget = Releases.Widget with { W = 0 } };

        var result = ReleaseRules.Validate(FeatureId, spec, "1.0.0");

        result.VersionConflict.Should().BeTrue();
        result.IsConflictOnly.Should().BeFalse();
        result.Problems.Select(p => p.Key).Should().BeEquivalentTo("version", "widget.w");
    }

    [Fact]
    public void ACorruptLatestVersionIsAnErrorNotAProblemOfTheRelease() =>
        FluentActions.Invoking(() => ReleaseRules.Validate(FeatureId, Releases.Spec(), "latest"))
            .Should().Throw<ArgumentException>();

    [Theory]
    [InlineData(ChangeType.Breaking, null, false)]
    [InlineData(ChangeType.Breaking, "", false)]
    [InlineData(ChangeType.Breaking, "  \n", false)]
    [InlineData(ChangeType.Breaking, Guide, true)]
    [InlineData(ChangeType.Reviewed, null, true)]
    [InlineData(ChangeType.Safe, null, true)]
    public void OnlyABreakingReleaseNeedsAMigrationGuide(ChangeType change, string? guide, bool valid) =>
        Keys(Releases.Spec("2.0.0", change, guide), "1.0.0").Should().BeEquivalentTo(valid ? [] : new[] { "migrationGuide" });

    [Fact]
    public void AnUnknownChangeTypeIsUnprocessable() =>
        Keys(Releases.Spec(change: (ChangeType)7)).Should().Equal("changeType");

    [Theory]
    [InlineData(new string[0], 0)]
    [InlineData(new[] { "alerts_feed", "shift.handover-2" }, 0)]
    [InlineData(new[] { FeatureId }, 1)]
    [InlineData(new[] { "alerts_feed", "alerts_feed" }, 1)]
    [InlineData(new[] { "a", "b", "a", "b" }, 2)]
    [InlineData(new[] { "bad id" }, 1)]
    [InlineData(new[] { "" }, 1)]
    [InlineData(new[] { "-leading-dash" }, 1)]
    [InlineData(new[] { "alerts_feed\n" }, 1)]
    public void DependenciesAreValidUniqueIdsOtherThanTheFeatureItself(string[] dependencies, int problems) =>
        Keys(Releases.Spec() with { Dependencies = dependencies }).Should().Equal(Enumerable.Repeat("dependencies", problems));

    [Fact]
    public void MissingDependenciesAreUnprocessable() =>
        Keys(Releases.Spec() with { Dependencies = null! }).Should().Equal("dependencies");

    [Theory]
    [InlineData("type", 0, false)]
    [InlineData("type", 1, true)]
    [InlineData("type", 64, true)]
    [InlineData("type", 65, false)]
    [InlineData("title", 0, false)]
    [InlineData("title", 200, true)]
    [InlineData("title", 201, false)]
    [InlineData("html", 0, true)]
    [InlineData("html", 64 * 1024, true)]
    [InlineData("html", 64 * 1024 + 1, false)]
    [InlineData("css", 0, true)]
    [InlineData("css", 64 * 1024, true)]
    [InlineData("css", 64 * 1024 + 1, false)]
    public void WidgetTextHasItsLengthLimits(string field, int length, bool valid)
    {
        var text = new string('x', length);
        var widget = field switch
        {
            "type" => Releases.Widget with { Type = text },
            "title" => Releases.Widget with { Title = text },
            "html" => Releases.Widget with { Html = text },
            _ => Releases.Widget with { Css = text },
        };

        Keys(Releases.Spec() with { Widget = widget }).Should().BeEquivalentTo(valid ? [] : new[] { $"widget.{field}" });
    }

    [Fact]
    public void ABlankWidgetTypeOrTitleIsUnprocessable() =>
        Keys(Releases.Spec() with { Widget = Releases.Widget with { Type = " ", Title = "\t" } })
            .Should().Equal("widget.type", "widget.title");

    [Theory]
    [InlineData(1, 1, new string[0])]
    [InlineData(12, 100, new string[0])]
    [InlineData(0, 2, new[] { "widget.w" })]
    [InlineData(13, 2, new[] { "widget.w" })]
    [InlineData(-1, 2, new[] { "widget.w" })]
    [InlineData(3, 0, new[] { "widget.h" })]
    [InlineData(3, 101, new[] { "widget.h" })]
    [InlineData(0, 0, new[] { "widget.w", "widget.h" })]
    public void WidgetSizeFitsTheGrid(int w, int h, string[] expected) =>
        Keys(Releases.Spec() with { Widget = Releases.Widget with { W = w, H = h } }).Should().Equal(expected);

    [Theory]
    [InlineData("{}", true)]
    [InlineData("""{"kpi":"x","thresholds":[1,2]}""", true)]
    [InlineData(" { } ", true)]
    [InlineData("[]", false)]
    [InlineData("1", false)]
    [InlineData("null", false)]
    [InlineData("\"{}\"", false)]
    [InlineData("", false)]
    [InlineData("{", false)]
    [InlineData("{'a':1}", false)]
    [InlineData("{} {}", false)]
    public void WidgetConfigMustBeAJsonObject(string json, bool valid) =>
        Keys(Releases.Spec() with { Widget = Releases.Widget with { ConfigJson = json } })
            .Should().BeEquivalentTo(valid ? [] : new[] { "widget.config" });

    [Fact]
    public void AMissingWidgetIsUnprocessable() =>
        Keys(Releases.Spec() with { Widget = null! }).Should().Equal("widget");

    [Theory]
    [InlineData(InjectionMode.Quadrant, "nw", true)]
    [InlineData(InjectionMode.Quadrant, "ne", true)]
    [InlineData(InjectionMode.Quadrant, "sw", true)]
    [InlineData(InjectionMode.Quadrant, "se", true)]
    [InlineData(InjectionMode.Quadrant, null, false)]
    [InlineData(InjectionMode.Quadrant, "", false)]
    [InlineData(InjectionMode.Quadrant, "NW", false)]
    [InlineData(InjectionMode.Quadrant, " nw", false)]
    [InlineData(InjectionMode.Quadrant, "north", false)]
    [InlineData(InjectionMode.Append, null, true)]
    [InlineData(InjectionMode.Smart, null, true)]
    [InlineData(InjectionMode.Append, "nw", false)]
    [InlineData(InjectionMode.Smart, "se", false)]
    [InlineData(InjectionMode.Smart, "", false)]
    public void AQuadrantIsRequiredExactlyForQuadrantInjection(InjectionMode injection, string? quadrant, bool valid) =>
        Keys(Releases.Spec() with { Injection = injection, Quadrant = quadrant })
            .Should().BeEquivalentTo(valid ? [] : new[] { "quadrant" });

    [Fact]
    public void AnUnknownInjectionModeIsUnprocessable() =>
        Keys(Releases.Spec() with { Injection = (InjectionMode)9 }).Should().Equal("injection");

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var spec = new ReleaseSpec(
            "1.1.0",
            ChangeType.Breaking,
            new WidgetRelease("", "", 0, 0, "", "", "[]"),
            InjectionMode.Quadrant,
            null,
            [FeatureId],
            null,
            null,
            []);

        ReleaseRules.Validate(FeatureId, spec, "1.0.0").Problems.Select(p => p.Key).Should().BeEquivalentTo(
            "version", "migrationGuide", "dependencies", "widget.type", "widget.title", "widget.w", "widget.h",
            "widget.config", "quadrant");
    }

    private static IEnumerable<string> Keys(ReleaseSpec spec, string? latest = null) =>
        ReleaseRules.Validate(FeatureId, spec, latest).Problems.Select(p => p.Key);
}
