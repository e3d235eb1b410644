using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using DashboardFactory.Cockpits;
using DashboardFactory.Errors;
using DashboardFactory.Telemetry;
using Orleans.Core.Internal;

namespace DashboardFactory.IntegrationTests.Cockpits;

/// <summary>The cockpit grain's behaviour, run against every storage the product supports.</summary>
public abstract class CockpitGrainContract(Func<IClusterClient> client)
{
    protected const string Owner = "op-owner";
    protected static readonly Caller OwnerCaller = new(Owner, IsAdmin: false);
    protected static readonly Caller Stranger = new("op-stranger", IsAdmin: false);
    protected static readonly Caller Admin = new("admin", IsAdmin: true);

    protected IClusterClient Client => client();

    protected async Task<ICockpitGrain> NewCockpitAsync(params FeatureRelease[] baseTemplate)
    {
        var grain = Client.GetGrain<ICockpitGrain>("c-" + Guid.NewGuid().ToString("N")[..12]);
        await grain.CreateAsync(new NewCockpit(Owner, "Ops floor", ["ops"], AutoUpdatePolicy.Default), baseTemplate);
        return grain;
    }

    protected static JsonObject Widgets(CockpitView view) => CockpitDocument.Widgets(CockpitDocument.Parse(view.DocumentJson));

    [Fact]
    public async Task ANewCockpitStartsAt100WithItsBaseTemplateInstalled()
    {
        var grain = await NewCockpitAsync(Releases.Widget("foundation_kpis"));

        var view = (await grain.GetAsync())!;

        view.Version.Should().Be("1.0.0");
        view.OwnerId.Should().Be(Owner);
        view.InstalledFeatures.Should().ContainKey("foundation_kpis");
        Widgets(view).Should().ContainKey("foundation_kpis");
        var again = () => grain.CreateAsync(new NewCockpit(Owner, "again", [], AutoUpdatePolicy.Default), []);
        (await again.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.Conflict);
    }

    [Fact]
    public async Task OnlyTheOwnerOrAnAdminChangesACockpit()
    {
        var grain = await NewCockpitAsync();

        var byStranger = () => grain.PatchAsync("""{"title":"mine now"}""", null, Stranger);

        (await byStranger.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.Forbidden);
        (await grain.PatchAsync("""{"title":"by owner"}""", null, OwnerCaller)).DocumentJson.Should().Contain("by owner");
        (await grain.PatchAsync("""{"title":"by admin"}""", null, Admin)).DocumentJson.Should().Contain("by admin");
    }

    [Fact]
    public async Task ACustomizedCockpitIsReadBackWholeByItsNextActivation()
    {
        var grain = await NewCockpitAsync();
        var customized = await grain.PatchAsync("""{"title":"kept across activations","autoUpdate":{"maxChangeType":"breaking"},"cohorts":["night"]}""", null, OwnerCaller);

        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        (await grain.GetAsync()).Should().BeEquivalentTo(customized, "the next activation reads the stored state back, whatever the storage's format");
        (await grain.PatchAsync("""{"title":"and changed again"}""", customized.ETag, OwnerCaller)).DocumentJson.Should().Contain("and changed again");
    }

    [Fact]
    public async Task AStaleIfMatchChangesNothing()
    {
        var grain = await NewCockpitAsync();
        var before = (await grain.GetAsync())!;
        var changed = await grain.PatchAsync("""{"title":"first"}""", before.ETag, OwnerCaller);

        var stale = () => grain.PatchAsync("""{"title":"second"}""", before.ETag, OwnerCaller);

        (await stale.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.PreconditionFailed);
        (await grain.GetAsync())!.Should().BeEquivalentTo(changed);
        changed.ETag.Should().NotBe(before.ETag);
    }

    [Fact]
    public async Task AnInvalidPatchNamesEveryProblemAndChangesNothing()
    {
        var grain = await NewCockpitAsync();
        var before = (await grain.GetAsync())!;

        var patch = () => grain.PatchAsync("""{"widgets":{"w1":{"type":"t","title":"x","x":11,"y":0,"w":4,"h":0}},"cohorts":["bad id"]}""", null, OwnerCaller);

        var error = (await patch.Should().ThrowAsync<DomainException>()).Which;
        error.Kind.Should().Be(DomainErrorKind.Invalid);
        error.Errors!.Keys.Should().Contain(["$.widgets.w1.w", "$.widgets.w1.h", "$.cohorts"]);
        (await grain.GetAsync())!.Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task OperatorsMayNotRelabelFactoryWidgets()
    {
        var grain = await NewCockpitAsync(Releases.Widget("feat_a"));

        var relabel = () => grain.PatchAsync("""{"widgets":{"feat_a":{"featureId":"feat_b"},"mine":{"type":"note","title":"n","x":0,"y":9,"w":2,"h":1,"featureId":"feat_c"}}}""", null, OwnerCaller);

        var error = (await relabel.Should().ThrowAsync<DomainException>()).Which;
        error.Errors!.Keys.Should().Contain(["$.widgets.feat_a.featureId", "$.widgets.mine.featureId"]);
    }

    [Fact]
    public async Task ApplyingAReleaseSnapshotsFirstThenInstallsAndBumpsTheVersion()
    {
        var grain = await NewCockpitAsync();

        var result = await grain.ApplyReleaseAsync(Releases.Widget("feat_kpi", "1.0.0", ChangeType.Reviewed));

        result.Outcome.Should().Be(UpdateOutcome.Applied);
        result.Version.Should().Be("1.1.0");
        var view = (await grain.GetAsync())!;
        view.InstalledFeatures["feat_kpi"].Version.Should().Be("1.0.0");
        Widgets(view)["feat_kpi"]!["featureVersion"]!.GetValue<string>().Should().Be("1.0.0");
        var history = await grain.ListSnapshotsAsync();
        history.Should().ContainSingle().Which.Id.Should().Be(result.SnapshotId);
        var snapshot = (await grain.GetSnapshotAsync(result.SnapshotId!))!;
        snapshot.Version.Should().Be("1.0.0", "the snapshot holds the cockpit as it was before the change");
        snapshot.InstalledFeatures.Should().BeEmpty();
        snapshot.Html.Should().StartWith("<!doctype html>");
        snapshot.Html.Should().NotContain("feat_kpi", "the snapshot's page shows the cockpit before the widget was installed");
        (await grain.RenderAsync(null))!.Html.Should().Contain("feat_kpi", "the live page has the new widget");
    }

    [Theory]
    [InlineData(ChangeType.Safe, "1.0.1")]
    [InlineData(ChangeType.Reviewed, "1.1.0")]
    [InlineData(ChangeType.Breaking, "2.0.0")]
    public async Task TheChangeTypeDecidesTheVersionBump(ChangeType change, string expected)
    {
        var grain = await NewCockpitAsync();

        (await grain.ApplyReleaseAsync(Releases.Widget("feat_v", change: change))).Version.Should().Be(expected);
    }

    [Fact]
    public async Task TheSameFeatureVersionTwiceIsSkippedAndChangesNothing()
    {
        var grain = await NewCockpitAsync();
        await grain.ApplyReleaseAsync(Releases.Widget("feat_once"));
        var before = (await grain.GetAsync())!;

        var again = await grain.ApplyReleaseAsync(Releases.Widget("feat_once"));

        again.Outcome.Should().Be(UpdateOutcome.Skipped);
        again.Reason.Should().Contain("already installed");
        (await grain.GetAsync())!.Should().BeEquivalentTo(before);
        (await grain.ListSnapshotsAsync()).Should().HaveCount(1, "a skipped update takes no snapshot");
    }

    [Fact]
    public async Task AnUpgradeKeepsEveryOperatorCustomization()
    {
        var grain = await NewCockpitAsync();
        await grain.ApplyReleaseAsync(Releases.Widget("feat_up", "1.0.0"));
        await grain.PatchAsync("""
            {"title":"My floor","theme":{"css":"body { background: black; }\n"},
             "widgets":{"feat_up":{"x":8,"y":5,"title":"My KPI"},
                        "note":{"type":"note","title":"Mine","x":0,"y":20,"w":3,"h":1,"html":"<p>hello</p>"}}}
            """, null, OwnerCaller);

        var result = await grain.ApplyReleaseAsync(Releases.Widget("feat_up", "1.1.0", ChangeType.Reviewed,
            html: "<p>line 1</p>\n<p>line 2 improved</p>\n<p>line 3</p>\n"));

        result.Conflicts.Should().BeEmpty();
        var view = (await grain.GetAsync())!;
        var widget = Widgets(view)["feat_up"]!;
        widget["x"]!.GetValue<int>().Should().Be(8);
        widget["y"]!.GetValue<int>().Should().Be(5);
        widget["title"]!.GetValue<string>().Should().Be("My KPI");
        widget["html"]!.GetValue<string>().Should().Contain("line 2 improved");
        widget["featureVersion"]!.GetValue<string>().Should().Be("1.1.0");
        Widgets(view)["note"]!["html"]!.GetValue<string>().Should().Be("<p>hello</p>");
        CockpitDocument.Parse(view.DocumentJson)["title"]!.GetValue<string>().Should().Be("My floor");
        view.Version.Should().Be("1.1.0", "safe 1.0.0 -> 1.0.1, then reviewed -> 1.1.0");
    }

    [Fact]
    public async Task WhenBothSidesChangeTheSameThingTheOperatorWinsAndTheConflictIsReported()
    {
        var grain = await NewCockpitAsync();
        await grain.ApplyReleaseAsync(Releases.Widget("feat_c", "1.0.0", title: "Factory title"));
        await grain.PatchAsync("""{"widgets":{"feat_c":{"title":"Operator title","html":"<p>line 1</p>\n<p>operator line</p>\n<p>line 3</p>\n"}}}""", null, OwnerCaller);

        var result = await grain.ApplyReleaseAsync(Releases.Widget("feat_c", "1.0.1", title: "New factory title",
            html: "<p>line 1</p>\n<p>factory line</p>\n<p>line 3</p>\n"));

        result.Outcome.Should().Be(UpdateOutcome.Applied);
        result.Conflicts.Should().BeEquivalentTo(["$.widgets.feat_c.title", "$.widgets.feat_c.html"]);
        var widget = Widgets((await grain.GetAsync())!)["feat_c"]!;
        widget["title"]!.GetValue<string>().Should().Be("Operator title");
        widget["html"]!.GetValue<string>().Should().Contain("operator line").And.NotContain("factory line");
    }

    [Fact]
    public async Task RemovingAFeatureKeepsLaterCustomizationsButAlwaysRemovesItsWidget()
    {
        var grain = await NewCockpitAsync(Releases.Widget("feat_base"));
        await grain.ApplyReleaseAsync(Releases.Widget("feat_bad"));
        await grain.PatchAsync("""
            {"theme":{"css":"h2 { color: teal; }\n"},
             "widgets":{"feat_base":{"x":6},"feat_bad":{"title":"I edited the bad one"},
                        "mine":{"type":"note","title":"Mine","x":0,"y":30,"w":2,"h":1}}}
            """, null, OwnerCaller);

        var result = await grain.RemoveFeatureAsync("feat_bad", "XSS in widget html");

        result.Outcome.Should().Be(UpdateOutcome.Applied);
        var view = (await grain.GetAsync())!;
        Widgets(view).Should().NotContainKey("feat_bad");
        Widgets(view)["feat_base"]!["x"]!.GetValue<int>().Should().Be(6);
        Widgets(view).Should().ContainKey("mine");
        CockpitDocument.Parse(view.DocumentJson)["theme"]!["css"]!.GetValue<string>().Should().Contain("teal");
        view.InstalledFeatures.Should().NotContainKey("feat_bad");
        var snapshot = (await grain.GetSnapshotAsync(result.SnapshotId!))!;
        snapshot.DocumentJson.Should().Contain("I edited the bad one", "the edited copy stays in the snapshot");
        (await grain.RemoveFeatureAsync("feat_bad", "again")).Outcome.Should().Be(UpdateOutcome.Skipped);
    }

    [Fact]
    public async Task ThePageIsRenderedOnceUntilTheDocumentChanges()
    {
        var grain = await NewCockpitAsync(Releases.Widget("feat_r"));
        var id = grain.GetPrimaryKeyString();
        using var renders = RenderCounter.For(id);

        var first = (await grain.RenderAsync(null))!;
        var second = (await grain.RenderAsync(null))!;
        var revalidated = (await grain.RenderAsync(first.ETag))!;

        second.Html.Should().Be(first.Html);
        revalidated.Html.Should().BeNull("the caller already has these bytes");
        revalidated.ETag.Should().Be(first.ETag);
        renders.Count.Should().Be(1, "repeated reads are served from the grain's cached page");

        await grain.PatchAsync("""{"title":"Changed"}""", null, OwnerCaller);
        var third = (await grain.RenderAsync(first.ETag))!;
        third.Html.Should().Contain("Changed");
        third.ETag.Should().NotBe(first.ETag);
        renders.Count.Should().Be(2);
    }

    [Fact]
    public async Task ARestoreIsItselfSnapshottedSoItCanBeUndone()
    {
        var grain = await NewCockpitAsync();
        var install = await grain.ApplyReleaseAsync(Releases.Widget("feat_s"));
        await grain.PatchAsync("""{"title":"After install"}""", null, OwnerCaller);
        var beforeRestore = (await grain.GetAsync())!;

        var restored = await grain.RestoreSnapshotAsync(install.SnapshotId!, OwnerCaller);

        restored.InstalledFeatures.Should().BeEmpty();
        Widgets(restored).Should().BeEmpty();
        var history = await grain.ListSnapshotsAsync();
        history.Should().HaveCount(2);
        history[0].Reason.Should().Contain("before restoring");
        history.Select(s => s.TakenAt).Should().BeInDescendingOrder();

        var undone = await grain.RestoreSnapshotAsync(history[0].Id, OwnerCaller);
        undone.DocumentJson.Should().Be(beforeRestore.DocumentJson);
        undone.InstalledFeatures.Keys.Should().Equal("feat_s");
        var byStranger = () => grain.RestoreSnapshotAsync(history[0].Id, Stranger);
        (await byStranger.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.Forbidden);
        var unknown = () => grain.RestoreSnapshotAsync("s-nope", OwnerCaller);
        (await unknown.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.NotFound);
    }

    /// <summary>Counts cockpit.renders measurements for one cockpit id.</summary>
    protected sealed class RenderCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly string _cockpitId;
        private long _count;

        private RenderCounter(string cockpitId)
        {
            _cockpitId = cockpitId;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CockpitMetrics.MeterName && instrument.Name == "cockpit.renders")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "cockpit.id" && (string?)tag.Value == _cockpitId)
                    {
                        Interlocked.Add(ref _count, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public static RenderCounter For(string cockpitId) => new(cockpitId);

        public void Dispose() => _listener.Dispose();
    }
}
