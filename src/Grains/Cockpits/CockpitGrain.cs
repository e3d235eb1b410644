using DashboardFactory.Alerts;
using DashboardFactory.Campaigns;
using DashboardFactory.Errors;
using DashboardFactory.Fleet;
using DashboardFactory.Limits;
using DashboardFactory.Notifications;
using DashboardFactory.Previews;
using DashboardFactory.Rendering;
using DashboardFactory.Rollbacks;
using DashboardFactory.Snapshots;
using DashboardFactory.Telemetry;
using DashboardFactory.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace DashboardFactory.Cockpits;

/// <summary>
/// Owns one cockpit: the operator's document, the factory's pristine document, installed features, the
/// version and the rendered page (cached until the document changes). Every factory change and every
/// restore is preceded by a durable snapshot (<see cref="CockpitHistory"/>); patches are checked by
/// <see cref="CockpitPatch"/>, merges made by <see cref="ReleaseMerge"/>, and saved changes announced by
/// <see cref="CockpitEvents"/>; <see cref="CockpitAccess"/> says who may act, and <see cref="CockpitPageCache"/> keeps
/// the rendered page.
/// </summary>
public sealed partial class CockpitGrain(
    [PersistentState("cockpit", ProviderNames.Storage)] IPersistentState<CockpitState> cockpit,
    ISnapshotStore snapshots,
    WebhookEventSink webhookEvents,
    CockpitPushLinks pushLinks,
    TimeProvider time,
    IOptions<RenderingOptions> rendering,
    IOptions<LimitsOptions> limits,
    ILogger<CockpitGrain> logger) : Grain, ICockpitGrain
{
    private readonly CockpitWatchers _watchers = new();
    private CockpitPageCache? _page;
    private CockpitHistory? _history;
    private CockpitEvents? _events;

    private string Id => this.GetPrimaryKeyString();

    private CockpitState State => cockpit.State;

    private CockpitHistory History => _history ??= new(Id, snapshots, time, rendering.Value.Policy);

    private CockpitEvents Events => _events ??= new(Id, _watchers, pushLinks, this.GetStreamProvider(ProviderNames.Streams), webhookEvents, time, logger);

    private CockpitPageCache Page => _page ??= new(Id, rendering.Value.Policy);

    /// <summary>A webhook event saved with the last change but maybe not written (a crash in between) is written now.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.PendingEvent is { } pending)
        {
            await Events.RecoverAsync(pending);
        }
    }

    public async Task<CockpitView> CreateAsync(NewCockpit request, IReadOnlyList<FeatureRelease> baseTemplate)
    {
        if (State.Exists)
        {
            throw DomainException.Conflict($"Cockpit '{Id}' already exists.");
        }

        cockpit.State = CockpitChanges.Create(request, baseTemplate, limits.Value, time.GetUtcNow());
        await SaveAsync();
        return View();
    }

    public Task<CockpitView?> GetAsync() => Task.FromResult(State.Exists ? View() : null);

    public async Task<CockpitView> PatchAsync(string mergePatchJson, string? ifMatch, Caller caller)
    {
        EnsureOwnerOrAdmin(caller, "change");
        if (ifMatch is not null && ifMatch != "*" && ifMatch != State.ETag)
        {
            throw DomainException.PreconditionFailed($"Cockpit '{Id}' has changed since {ifMatch}; it is now {State.ETag}.");
        }

        State.Edit(CockpitPatch.Apply(mergePatchJson, State.ToEditable(), State.PristineJson, limits.Value));
        await ChangedAsync(CockpitChange.Customized, "customized", [], []);
        return View();
    }

    public Task<RenderedCockpit?> RenderAsync(string? ifNoneMatch)
    {
        if (!State.Exists)
        {
            return Task.FromResult<RenderedCockpit?>(null);
        }

        var page = Page.Get(State);
        return Task.FromResult<RenderedCockpit?>(new RenderedCockpit(page.ETag, ifNoneMatch == page.ETag ? null : page.Html, State.OwnerId));
    }

    public async Task<UpdateResult> ApplyReleaseAsync(FeatureRelease release)
    {
        EnsureExists();
        return Skip(release, checkPolicy: false) is { } skip
            ? await SkippedAsync(skip)
            : await InstallAsync(release);
    }

    /// <summary>
    /// The decision and merge a rollout message would make, through the same code (<see cref="ReleaseMerge"/>), with
    /// nothing written: no snapshot, no state, no event, no index update, no metric.
    /// </summary>
    public Task<CockpitPreview> PreviewReleaseAsync(FeatureRelease release) => Task.FromResult(ReleaseMerge.Preview(Id, State, release));

    public async Task<UpdateResult> RemoveFeatureAsync(string featureId, string reason)
    {
        EnsureExists();
        if (!State.InstalledFeatures.ContainsKey(featureId))
        {
            return await NotInstalledAsync(featureId);
        }

        var snapshot = await History.TakeAsync(State, $"before removing {featureId}: {reason}");
        var result = CockpitChanges.Remove(State, featureId, snapshot.Id);
        await ChangedAsync(CockpitChange.Removed, $"removed {featureId}: {reason}", [], [featureId], result.Conflicts.Count);
        return result;
    }

    public async Task<UpdateResult> RollbackFeatureAsync(string featureId, RollbackMode mode, string reason)
    {
        EnsureExists();
        if (!State.InstalledFeatures.ContainsKey(featureId))
        {
            return await NotInstalledAsync(featureId);
        }

        // Told before the change, under an id tied to the revision before it: a crash in between can neither
        // lose the notification (the retry finds the feature still installed) nor send it twice (same id).
        var now = time.GetUtcNow();
        var message = $"{featureId} was removed from your cockpit: {reason}";
        await GrainFactory.GetGrain<INotificationInboxGrain>(State.OwnerId)
            .AddAsync(new Notification($"{Id}:rollback:{featureId}:{State.Revision}", now, "feature.rolled_back", message, featureId, Id));

        var beforeInstall = mode == RollbackMode.Snapshot ? await History.BeforeInstallOfAsync(featureId) : null;
        UpdateResult result;
        if (beforeInstall is not null)
        {
            var taken = await RestoreCoreAsync(beforeInstall.Id, $"before rolling back {featureId} to {beforeInstall.Id}: {reason}");
            result = new UpdateResult(UpdateCode.Restored, $"restored {beforeInstall.Id}", [], State.Version, taken.Id);
        }
        else
        {
            result = await RemoveFeatureAsync(featureId, reason);
        }

        await Events.AlertAsync(new AlertEvent("feature.rolled_back", message, featureId, Id, now));
        return result;
    }

    public async Task<IReadOnlyList<SnapshotSummary>> ListSnapshotsAsync()
    {
        EnsureExists();
        return await History.ListAsync();
    }

    public async Task<Snapshot?> GetSnapshotAsync(string snapshotId)
    {
        EnsureExists();
        return await History.GetAsync(snapshotId);
    }

    public async Task<CockpitView> RestoreSnapshotAsync(string snapshotId, Caller caller)
    {
        EnsureOwnerOrAdmin(caller, "restore");
        await RestoreCoreAsync(snapshotId, $"before restoring {snapshotId}");
        return View();
    }

    public Task<CockpitWatchAnswer> WatchAsync(CockpitWatch watch) => Task.FromResult(State.WatchAnswer(Events.Lease(watch)));

    /// <summary>
    /// Applies a campaign's release and answers it. The policy is checked again here, since it may have
    /// changed since the campaign picked its targets. Any failure is answered, never thrown; the campaign
    /// decides whether to try again.
    /// </summary>
    public async Task ReceiveRolloutAsync(RolloutMessage message)
    {
        UpdateResult result;
        try
        {
            result = Skip(message.Release, checkPolicy: true) is { } skip
                ? await SkippedAsync(skip)
                : await InstallAsync(message.Release);
        }
        catch (Exception error)
        {
            LogRolloutFailed(error, Id, message.CampaignId);
            result = UpdateResult.Failed(Database.DatabaseFaults.ShowableMessage(error), State.Version);
        }

        try
        {
            await GrainFactory.GetGrain<ICampaignGrain>(message.CampaignId).AckAsync(Id, message.Attempt, result);
        }
        catch (Exception error)
        {
            // The campaign sends again when no answer comes; applying twice is a no-op.
            LogAckFailed(error, Id, message.CampaignId);
        }
    }

    private RolloutSkip? Skip(FeatureRelease release, bool checkPolicy) =>
        ReleaseMerge.Skip(Id, State.Exists, State.AutoUpdate, State.InstalledFeatures, release, checkPolicy);

    /// <summary>
    /// A release left out. Asked again for a release it already has, the cockpit publishes its fleet index entry
    /// again (see <see cref="ReindexAsync"/>): the first attempt may have lost the index update.
    /// </summary>
    private async Task<UpdateResult> SkippedAsync(RolloutSkip skip)
    {
        if (skip.Code is UpdateCode.AlreadyInstalled or UpdateCode.NewerInstalled)
        {
            await ReindexAsync();
        }

        return UpdateResult.Skipped(skip.Code, skip.Reason, State.Exists ? State.Version : string.Empty);
    }

    /// <summary>A removal asked for again after it was made (or of a feature never there): nothing to do but reindex, like <see cref="SkippedAsync"/>.</summary>
    private async Task<UpdateResult> NotInstalledAsync(string featureId)
    {
        await ReindexAsync();
        return UpdateResult.Skipped(UpdateCode.NotInstalled, $"{featureId} is not installed.", State.Version);
    }

    private async Task<UpdateResult> InstallAsync(FeatureRelease release)
    {
        var snapshot = await History.TakeAsync(State, $"before installing {release.FeatureId} {release.Version}", beforeInstalling: release.FeatureId);
        var result = CockpitChanges.Install(State, release, time.GetUtcNow(), snapshot.Id);
        await ChangedAsync(CockpitChange.Installed, $"installed {release.FeatureId} {release.Version}", [release.FeatureId], [], result.Conflicts.Count);
        return result;
    }

    /// <summary>Snapshots the present state, then puts the cockpit back as the snapshot holds it.</summary>
    private async Task<Snapshot> RestoreCoreAsync(string snapshotId, string reason)
    {
        var snapshot = await History.GetForRestoreAsync(snapshotId);
        var taken = await History.TakeAsync(State, reason);
        var (added, removed) = CockpitChanges.Restore(State, snapshot);
        await ChangedAsync(CockpitChange.Restored, $"restored {snapshotId}", added, removed);
        return taken;
    }

    private async Task ChangedAsync(CockpitChange change, string reason, IReadOnlyList<string> newFeatures, IReadOnlyList<string> removedFeatures, int conflicts = 0)
    {
        State.Revision++;
        State.UpdatedAt = time.GetUtcNow();
        _page?.Invalidate();
        var update = new CockpitUpdated(Id, State.Version, newFeatures, removedFeatures, State.UpdatedAt, reason, Revision: State.Revision);
        State.PendingEvent = await Events.WebhookEventAsync(update, State.Revision);
        await SaveAsync();
        CockpitMetrics.Changed(change, conflicts);

        // Written after the change; a failed write stays saved and is written at the next activation.
        if (State.PendingEvent is { } pending && await Events.WriteAsync(pending))
        {
            State.PendingEvent = null; // leaves storage with the next write
        }

        Events.Publish(update);
    }

    private async Task SaveAsync()
    {
        await cockpit.WriteOrForgetAsync(this);
        await ReindexAsync();
    }

    /// <summary>
    /// The fleet index entry as the state says. Also called when a campaign or rollback asks again for a change
    /// already made: the first attempt may have stored the state and then lost the index update (its shard's silo
    /// died), and without this the index would miss the cockpit for good. An unchanged entry costs the shard nothing.
    /// </summary>
    private Task ReindexAsync() => GrainFactory.Shard(Id).UpsertAsync(State.IndexEntry(Id));

    private CockpitView View() => State.View(Id);

    private void EnsureExists() => CockpitAccess.EnsureExists(Id, State);

    private void EnsureOwnerOrAdmin(Caller caller, string verb) => CockpitAccess.EnsureOwnerOrAdmin(Id, State, caller, verb);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cockpit {CockpitId} failed to apply the release of campaign {CampaignId}")]
    private partial void LogRolloutFailed(Exception error, string cockpitId, string campaignId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cockpit {CockpitId} could not answer campaign {CampaignId}; it will be asked again")]
    private partial void LogAckFailed(Exception error, string cockpitId, string campaignId);
}
