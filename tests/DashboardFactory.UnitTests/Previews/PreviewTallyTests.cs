using DashboardFactory.Cockpits;
using DashboardFactory.Fleet;
using DashboardFactory.Previews;

namespace DashboardFactory.UnitTests.Previews;

public sealed class PreviewTallyTests
{
    private static CockpitPreview Applied(params string[] conflicts) => new(UpdateOutcome.Applied, null, conflicts);

    [Theory]
    [InlineData("$.widgets.w1.title", "w1", "title")]
    [InlineData("$.widgets.w1.config.kpi", "w1", "config.kpi")]
    [InlineData("$.widgets['op-42'].html", "op-42", "html")]
    [InlineData("$.widgets.w1", "w1", "*")]
    [InlineData("$.theme.css", null, "theme.css")]
    public void AConflictPathNamesItsWidgetAndProperty(string path, string? widgetId, string property) =>
        PreviewTally.Conflict(path).Should().Be(new PreviewConflict(widgetId, property));

    [Fact]
    public void CountsAddUpToTheTotalAndConflictsAreSummed()
    {
        var tally = new PreviewTally();
        tally.AddUntargeted(new Dictionary<string, int> { [SkipReasons.Policy] = 3, [SkipReasons.Cohort] = 7 });
        tally.Add("c1", Applied());
        tally.Add("c2", Applied("$.widgets.w.title", "$.widgets.w.css"));
        tally.Add("c3", new CockpitPreview(UpdateOutcome.Skipped, SkipReasons.Policy, []));
        tally.AddFailed();

        var preview = tally.ToPreview();

        preview.Should().BeEquivalentTo(new
        {
            Total = 14, Targeted = 4, Clean = 1, Conflicting = 1, Conflicts = 2, Failed = 1,
            Skipped = new Dictionary<string, int> { [SkipReasons.Cohort] = 7, [SkipReasons.Policy] = 4 },
        });
        preview.Samples.Should().ContainSingle().Which.Conflicts.Should().Equal(new PreviewConflict("w", "title"), new PreviewConflict("w", "css"));
    }

    [Fact]
    public void ShardsAddUpAndKeepTheTwentyLowestCockpitIdsAsSamples()
    {
        var fleet = new PreviewTally();
        for (var shard = 0; shard < 3; shard++)
        {
            var part = new PreviewTally();
            for (var i = 0; i < 15; i++)
            {
                part.Add($"c{i * 3 + shard:D3}", Applied("$.widgets.w.title"));
            }

            fleet.Add(part.ToPreview());
        }

        var preview = fleet.ToPreview();

        preview.Conflicting.Should().Be(45);
        preview.Samples.Select(s => s.CockpitId).Should().Equal(Enumerable.Range(0, ReleasePreview.MaxSamples).Select(i => $"c{i:D3}"));
    }

    [Fact]
    public void TheTargetingNamesWhyItLeavesACockpitOut()
    {
        var release = new FeatureRelease("f", "1.1.0", ChangeType.Reviewed, new WidgetRelease("t", "t", 1, 1, "", "", "{}"), InjectionMode.Append, null);
        FleetEntry Entry(AutoUpdatePolicy policy, string cohort, string? installed) =>
            new("c", "1.0.0", [cohort], installed is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["f"] = installed }, policy, DateTimeOffset.UnixEpoch);

        RolloutTargeting.SkipReason(Entry(AutoUpdatePolicy.Default, "ops", null), release, ["ops"]).Should().BeNull();
        RolloutTargeting.SkipReason(Entry(AutoUpdatePolicy.Default, "ops", "1.0.0"), release, []).Should().BeNull();
        RolloutTargeting.SkipReason(Entry(new AutoUpdatePolicy(true, ChangeType.Safe), "ops", null), release, ["ops"]).Should().Be(SkipReasons.Policy);
        RolloutTargeting.SkipReason(Entry(new AutoUpdatePolicy(false, ChangeType.Breaking), "ops", null), release, ["ops"]).Should().Be(SkipReasons.Policy);
        RolloutTargeting.SkipReason(Entry(AutoUpdatePolicy.Default, "night", null), release, ["ops"]).Should().Be(SkipReasons.Cohort);
        RolloutTargeting.SkipReason(Entry(AutoUpdatePolicy.Default, "ops", "1.1.0"), release, ["ops"]).Should().Be(SkipReasons.Installed);
        RolloutTargeting.SkipReason(Entry(AutoUpdatePolicy.Default, "ops", "2.0.0"), release, ["ops"]).Should().Be(SkipReasons.Installed);
    }
}
