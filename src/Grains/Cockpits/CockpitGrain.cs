using System.Text.Json;
using System.Text.Json.Nodes;
using DashboardFactory.Alerts;
using DashboardFactory.Campaigns;
using DashboardFactory.Errors;
using DashboardFactory.Fleet;
using DashboardFactory.Limits;
using DashboardFactory.Merging;
using DashboardFactory.Notifications;
using DashboardFactory.Previews;
using DashboardFactory.Rendering;
using DashboardFactory.Rollbacks;
using DashboardFactory.Snapshots;
using DashboardFactory.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace DashboardFactory.Cockpits;

/// <summary>
/// Owns one cockpit: the operator's document, the factory's pristine document, installed features, the
/// version and the rendered page (cached until the document changes). Every factory change and every
/// restore is preceded by a durable snapshot.
/// </summary>
[ImplicitStreamSubscription(StreamNamespaces.Rollouts)]
public sealed partial class CockpitGrain(
    [PersistentState("cockpit", ProviderNames.Storage)] IPersistentState<CockpitState> cockpit,
    ISnapshotStore snapshots,
    WebhookEventSink webhookEvents,
    TimeProvider time,
    IOptions<RenderingOptions> rendering,
    IOptions<LimitsOptions> limits,
    ILogger<CockpitGrain> logger) : Grain, ICockpitGrain, IStreamSubscriptionObserver
{
    private static readonly HashSet<string> PatchableKeys = ["title", "theme", "widgets", "autoUpdate", "cohorts"];

    private RenderedPage? _page;

    private string Id => this.GetPrimaryKeyString();

    private CockpitState State => cockpit.State;

    /// <summary>A webhook event saved with the last change but maybe not written (a crash in between) is written now; its id makes that a no-op otherwise.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.PendingEvent is { } pending)
        {
            try
            {
                await webhookEvents.RecoverAsync(pending);
            }
            catch (Exception error)
            {
                // The cockpit still serves; the event stays saved and is written at a later activation.
                LogNotifyFailed(error, Id);
            }
        }
    }

    public async Task<CockpitView> CreateAsync(NewCockpit request, IReadOnlyList<FeatureRelease> baseTemplate)
    {
        if (State.Exists)
        {
            throw DomainException.Conflict($"Cockpit '{Id}' already exists.");
        }

        var cohorts = request.Cohorts.Distinct(StringComparer.Ordinal).ToList();
        if (cohorts.Count > limits.Value.MaxCohorts || !cohorts.All(Ids.IsValid))
        {
            throw DomainException.Invalid("The cockpit is not valid; nothing was created.", new Dictionary<string, string[]>
            {
                ["cohorts"] = [$"At most {limits.Value.MaxCohorts} ids (Limits:MaxCohorts)."],
            });
        }

        var now = time.GetUtcNow();
        var document = CockpitDocument.Empty(request.Title);
        var installed = new Dictionary<string, InstalledFeature>(StringComparer.Ordinal);
        foreach (var release in baseTemplate)
        {
            document = ReleaseApplier.Apply(release, document, document);
            installed[release.FeatureId] = new InstalledFeature(release.Version, now);
        }

        cockpit.State = new CockpitState
        {
            Exists = true,
            OwnerId = request.OwnerId,
            Cohorts = cohorts,
            AutoUpdate = request.AutoUpdate,
            DocumentJson = document.ToJsonString(),
            PristineJson = document.ToJsonString(),
            InstalledFeatures = installed,
            CreatedAt = now,
            UpdatedAt = now,
            Revision = 1,
        };
        await SaveAsync();
        return View();
    }

    public Task<CockpitView?> GetAsync() => Task.FromResult(State.Exists ? View() : null);

    public async Task<CockpitView> PatchAsync(string mergePatchJson, string? ifMatch, Caller caller)
    {
        EnsureExists();
        if (!caller.IsAdmin && caller.UserId != State.OwnerId)
        {
            throw DomainException.Forbidden($"Only the owner of cockpit '{Id}' or an admin may change it.");
        }

        if (ifMatch is not null && ifMatch != "*" && ifMatch != ETag())
        {
            throw DomainException.PreconditionFailed($"Cockpit '{Id}' has changed since {ifMatch}; it is now {ETag()}.");
        }

        var patch = ParsePatch(mergePatchJson);
        var documentPatch = new JsonObject();
        foreach (var key in new[] { "title", "theme", "widgets" }.Where(patch.ContainsKey))
        {
            documentPatch[key] = patch[key]?.DeepClone();
        }

        var current = CockpitDocument.Parse(State.DocumentJson);
        var patched = JsonMergePatch.Apply(current, documentPatch) as JsonObject ?? throw DomainException.Invalid("The patch must leave a document.");
        var errors = CockpitDocument.Validate(patched, limits.Value).Concat(FactoryFieldErrors(patched)).ToList();
        var size = CockpitDocument.Bytes(patched);
        if (size > limits.Value.MaxDocumentBytes && size > CockpitDocument.Bytes(current))
        {
            // Only growth is refused: a document the factory grew past the limit may still be trimmed by its owner.
            errors.Add(new("$", $"The document would be {size} bytes; at most {limits.Value.MaxDocumentBytes} (Limits:MaxDocumentBytes)."));
        }

        var autoUpdate = patch.ContainsKey("autoUpdate") ? PatchPolicy(patch["autoUpdate"], errors) : State.AutoUpdate;
        var cohorts = patch.ContainsKey("cohorts") ? PatchCohorts(patch["cohorts"], errors) : State.Cohorts;
        if (errors.Count > 0)
        {
            throw DomainException.Invalid(
                "The patched cockpit is not valid; nothing was changed.",
                errors.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Select(e => e.Value).ToArray()));
        }

        State.DocumentJson = patched.ToJsonString();
        State.AutoUpdate = autoUpdate;
        State.Cohorts = [.. cohorts];
        await ChangedAsync("customized", [], []);
        return View();
    }

    public Task<RenderedCockpit?> RenderAsync(string? ifNoneMatch)
    {
        if (!State.Exists)
        {
            return Task.FromResult<RenderedCockpit?>(null);
        }

        var page = Page();
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
    public Task<CockpitPreview> PreviewReleaseAsync(FeatureRelease release)
    {
        if (Skip(release, checkPolicy: true) is { } skip)
        {
            return Task.FromResult(new CockpitPreview(UpdateOutcome.Skipped, skip.Key, []));
        }

        var (_, merge) = ReleaseMerge.Merge(release, State.PristineJson, State.DocumentJson);
        return Task.FromResult(new CockpitPreview(UpdateOutcome.Applied, null, [.. merge.Conflicts.Select(c => c.Path)]));
    }

    private RolloutSkip? Skip(FeatureRelease release, bool checkPolicy) =>
        ReleaseMerge.Skip(Id, State.Exists, State.AutoUpdate, State.InstalledFeatures, release, checkPolicy);

    /// <summary>
    /// A release left out. Asked again for a release it already has, the cockpit publishes its fleet index entry
    /// again (see <see cref="ReindexAsync"/>): the first attempt may have lost the index update.
    /// </summary>
    private async Task<UpdateResult> SkippedAsync(RolloutSkip skip)
    {
        if (skip.Key == SkipReasons.Installed)
        {
            await ReindexAsync();
        }

        return new UpdateResult(UpdateOutcome.Skipped, skip.Reason, [], State.Exists ? State.Version : string.Empty, null);
    }

    private async Task<UpdateResult> InstallAsync(FeatureRelease release)
    {
        var snapshot = await TakeSnapshotAsync($"before installing {release.FeatureId} {release.Version}");
        var (newPristine, merge) = ReleaseMerge.Merge(release, State.PristineJson, State.DocumentJson);

        State.DocumentJson = merge.Merged!.ToJsonString();
        State.PristineJson = newPristine.ToJsonString();
        State.InstalledFeatures[release.FeatureId] = new InstalledFeature(release.Version, time.GetUtcNow());
        State.Version = SemanticVersion.Parse(State.Version).Bump(release.ChangeType).ToString();
        await ChangedAsync($"installed {release.FeatureId} {release.Version}", [release.FeatureId], []);
        return Result(merge, snapshot);
    }

    public async Task<UpdateResult> RemoveFeatureAsync(string featureId, string reason)
    {
        EnsureExists();
        if (!State.InstalledFeatures.ContainsKey(featureId))
        {
            await ReindexAsync();
            return new UpdateResult(UpdateOutcome.Skipped, $"{featureId} is not installed.", [], State.Version, null);
        }

        var snapshot = await TakeSnapshotAsync($"before removing {featureId}: {reason}");
        var pristine = CockpitDocument.Parse(State.PristineJson);
        var current = CockpitDocument.Parse(State.DocumentJson);
        var newPristine = ReleaseApplier.Remove(featureId, pristine);
        var merge = JsonMerge3.Merge(pristine, current, newPristine, CockpitTextPaths.IsText);
        var merged = (JsonObject)merge.Merged!;

        // The one exception to "the operator wins": a removed feature's widgets go even if the operator
        // edited them (a bad widget must go; the edited copy stays in the snapshot).
        var widgets = CockpitDocument.Widgets(merged);
        foreach (var id in ReleaseApplier.OwnedBy(widgets, featureId))
        {
            widgets.Remove(id);
        }

        State.DocumentJson = merged.ToJsonString();
        State.PristineJson = newPristine.ToJsonString();
        State.InstalledFeatures.Remove(featureId);
        State.Version = SemanticVersion.Parse(State.Version).Bump(ChangeType.Safe).ToString();
        await ChangedAsync($"removed {featureId}: {reason}", [], [featureId]);
        return Result(merge, snapshot);
    }

    public async Task<IReadOnlyList<SnapshotSummary>> ListSnapshotsAsync()
    {
        EnsureExists();
        return await snapshots.ListAsync(Id);
    }

    public async Task<Snapshot?> GetSnapshotAsync(string snapshotId)
    {
        EnsureExists();
        var snapshot = await snapshots.GetAsync(Id, snapshotId);
        return snapshot is { Html: null }
            ? snapshot with { Html = CockpitRenderer.Render(Id, snapshot.Version, CockpitDocument.Parse(snapshot.DocumentJson), rendering.Value.Policy).Html }
            : snapshot;
    }

    public async Task<CockpitView> RestoreSnapshotAsync(string snapshotId, Caller caller)
    {
        EnsureExists();
        if (!caller.IsAdmin && caller.UserId != State.OwnerId)
        {
            throw DomainException.Forbidden($"Only the owner of cockpit '{Id}' or an admin may restore it.");
        }

        await RestoreCoreAsync(snapshotId, $"before restoring {snapshotId}");
        return View();
    }

    public async Task<UpdateResult> RollbackFeatureAsync(string featureId, RollbackMode mode, string reason)
    {
        EnsureExists();
        if (!State.InstalledFeatures.ContainsKey(featureId))
        {
            await ReindexAsync();
            return new UpdateResult(UpdateOutcome.Skipped, $"{featureId} is not installed.", [], State.Version, null);
        }

        // Told before the change, under an id tied to the revision before it: a crash in between can neither
        // lose the notification (the retry finds the feature still installed) nor send it twice (same id).
        var now = time.GetUtcNow();
        var message = $"{featureId} was removed from your cockpit: {reason}";
        await GrainFactory.GetGrain<INotificationInboxGrain>(State.OwnerId)
            .AddAsync(new Notification($"{Id}:rollback:{featureId}:{State.Revision}", now, "feature.rolled_back", message, featureId, Id));

        UpdateResult result;
        var beforeInstall = mode == RollbackMode.Snapshot
            ? (await snapshots.ListAsync(Id)).FirstOrDefault(s => s.Reason.StartsWith($"before installing {featureId} ", StringComparison.Ordinal))
            : null;
        if (beforeInstall is not null)
        {
            var taken = await RestoreCoreAsync(beforeInstall.Id, $"before rolling back {featureId} to {beforeInstall.Id}: {reason}");
            result = new UpdateResult(UpdateOutcome.Applied, $"restored {beforeInstall.Id}", [], State.Version, taken.Id);
        }
        else
        {
            result = await RemoveFeatureAsync(featureId, reason);
        }

        try
        {
            await this.GetStreamProvider(ProviderNames.Streams)
                .GetStream<AlertEvent>(StreamId.Create(StreamNamespaces.CockpitAlerts, CockpitStreams.KeyOf(Id)))
                .OnNextAsync(new AlertEvent("feature.rolled_back", message, featureId, Id, now));
        }
        catch (Exception error)
        {
            LogNotifyFailed(error, Id);
        }

        return result;
    }

    /// <summary>Snapshots the present state, then puts the cockpit back as the snapshot holds it.</summary>
    private async Task<Snapshot> RestoreCoreAsync(string snapshotId, string reason)
    {
        var snapshot = await snapshots.GetAsync(Id, snapshotId)
            ?? throw DomainException.NotFound($"Cockpit '{Id}' has no snapshot '{snapshotId}'.");
        var taken = await TakeSnapshotAsync(reason);
        var before = State.InstalledFeatures.Keys.ToHashSet(StringComparer.Ordinal);
        State.DocumentJson = snapshot.DocumentJson;
        State.PristineJson = snapshot.PristineJson;
        State.InstalledFeatures = new Dictionary<string, InstalledFeature>(snapshot.InstalledFeatures, StringComparer.Ordinal);
        State.Version = snapshot.Version;
        await ChangedAsync(
            $"restored {snapshotId}",
            [.. snapshot.InstalledFeatures.Keys.Where(f => !before.Contains(f))],
            [.. before.Where(f => !snapshot.InstalledFeatures.ContainsKey(f))]);
        return taken;
    }

    /// <summary>Rollout messages arrive on this cockpit's stream of the rollouts namespace (implicit subscription).</summary>
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<RolloutMessage>().ResumeAsync(OnRolloutAsync);

    /// <summary>
    /// Applies a campaign's release and answers it. The policy is checked again here, since it may have
    /// changed since the campaign picked its targets. Any failure is answered, never thrown, so one bad
    /// cockpit cannot stall its stream; the campaign decides whether to try again.
    /// </summary>
    private async Task OnRolloutAsync(RolloutMessage message, StreamSequenceToken? token)
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
            result = new UpdateResult(UpdateOutcome.Failed, Database.DatabaseFaults.ShowableMessage(error), [], State.Version, null);
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

    private async Task<Snapshot> TakeSnapshotAsync(string reason)
    {
        var now = time.GetUtcNow();
        var snapshot = new Snapshot(
            Id,
            SnapshotIds.For(State.Revision, reason),
            State.Version,
            now,
            reason,
            State.DocumentJson,
            State.PristineJson,
            null,
            new Dictionary<string, InstalledFeature>(State.InstalledFeatures, StringComparer.Ordinal));
        await snapshots.SaveAsync(snapshot);
        return snapshot;
    }

    private async Task ChangedAsync(string reason, IReadOnlyList<string> newFeatures, IReadOnlyList<string> removedFeatures)
    {
        State.Revision++;
        State.UpdatedAt = time.GetUtcNow();
        _page = null;
        var update = new CockpitUpdated(Id, State.Version, newFeatures, removedFeatures, State.UpdatedAt, reason);
        State.PendingEvent = await webhookEvents.CockpitUpdatedAsync(update, State.Revision);
        await SaveAsync();
        Telemetry.FactoryMetrics.CockpitUpdated(reason, newFeatures.Count, removedFeatures.Count);
        if (State.PendingEvent is not null)
        {
            await WritePendingEventAsync();
        }

        // Browsers learn of the change through the API nodes watching this cockpit. The change is already
        // durable; a lost notification only costs a reload, so it never fails the change.
        try
        {
            await this.GetStreamProvider(ProviderNames.Streams)
                .GetStream<CockpitUpdated>(StreamId.Create(StreamNamespaces.CockpitEvents, CockpitStreams.KeyOf(Id)))
                .OnNextAsync(update with { PublishedAt = time.GetUtcNow() });
        }
        catch (Exception error)
        {
            LogNotifyFailed(error, Id);
        }
    }

    /// <summary>The event is durable in the cockpit's state; a failed outbox write is retried at the next activation.</summary>
    private async Task WritePendingEventAsync()
    {
        try
        {
            await webhookEvents.EnqueueAsync(State.PendingEvent!);
            State.PendingEvent = null; // leaves storage with the next write
        }
        catch (Exception error)
        {
            LogNotifyFailed(error, Id);
        }
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
    private Task ReindexAsync() =>
        GrainFactory.Shard(Id).UpsertAsync(new FleetEntry(
            Id,
            State.Version,
            State.Cohorts,
            State.InstalledFeatures.ToDictionary(f => f.Key, f => f.Value.Version, StringComparer.Ordinal),
            State.AutoUpdate,
            State.UpdatedAt,
            State.OwnerId));

    private RenderedPage Page()
    {
        if (_page is null)
        {
            _page = CockpitRenderer.Render(Id, State.Version, CockpitDocument.Parse(State.DocumentJson), rendering.Value.Policy);
            CockpitMetrics.Renders.Add(1, new KeyValuePair<string, object?>("cockpit.id", Id));
        }

        return _page;
    }

    private string ETag() => $"\"c{State.Revision}\"";

    private CockpitView View() => new(
        Id,
        State.OwnerId,
        State.Version,
        State.Cohorts,
        State.AutoUpdate,
        State.DocumentJson,
        State.InstalledFeatures,
        State.UpdatedAt,
        ETag());

    private UpdateResult Result(MergeResult merge, Snapshot snapshot)
    {
        if (merge.Conflicts.Count > 0)
        {
            CockpitMetrics.Conflicts.Add(merge.Conflicts.Count);
        }

        return new UpdateResult(UpdateOutcome.Applied, null, [.. merge.Conflicts.Select(c => c.Path)], State.Version, snapshot.Id);
    }

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw DomainException.NotFound($"Cockpit '{Id}' does not exist.");
        }
    }

    /// <summary>featureId and featureVersion belong to the factory: operators may move and edit factory widgets, not re-label them.</summary>
    private IEnumerable<KeyValuePair<string, string>> FactoryFieldErrors(JsonObject patched)
    {
        var pristine = CockpitDocument.Widgets(CockpitDocument.Parse(State.PristineJson));
        foreach (var (id, node) in CockpitDocument.Widgets(patched))
        {
            if (node is not JsonObject widget)
            {
                continue;
            }

            var factory = pristine[id] as JsonObject;
            foreach (var field in new[] { "featureId", "featureVersion" })
            {
                var expected = factory is null ? null : CockpitDocument.String(factory[field]);
                if (CockpitDocument.String(widget[field]) != expected || (widget[field] is not null && expected is null))
                {
                    yield return new($"$.widgets.{id}.{field}", factory is null
                        ? "Widgets of your own may not claim a feature."
                        : "Set by the factory; it cannot be changed.");
                }
            }
        }
    }

    private static JsonObject ParsePatch(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException error)
        {
            throw DomainException.Invalid($"The merge patch is not valid JSON: {error.Message}");
        }

        if (node is not JsonObject patch)
        {
            throw DomainException.Invalid("A cockpit merge patch must be a JSON object.");
        }

        var unknown = patch.Select(p => p.Key).Where(k => !PatchableKeys.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw DomainException.Invalid(
                $"These fields cannot be patched: {string.Join(", ", unknown)}.",
                unknown.ToDictionary(k => $"$.{k}", _ => new[] { "Not patchable: patch title, theme, widgets, autoUpdate or cohorts." }));
        }

        return patch;
    }

    private AutoUpdatePolicy PatchPolicy(JsonNode? node, List<KeyValuePair<string, string>> errors)
    {
        if (node is not JsonObject policy)
        {
            errors.Add(new("$.autoUpdate", "Must be an object {enabled, maxChangeType}."));
            return State.AutoUpdate;
        }

        var result = State.AutoUpdate;
        if (policy.ContainsKey("enabled"))
        {
            if (policy["enabled"]?.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                result = result with { Enabled = policy["enabled"]!.GetValue<bool>() };
            }
            else
            {
                errors.Add(new("$.autoUpdate.enabled", "Must be true or false."));
            }
        }

        if (policy.ContainsKey("maxChangeType"))
        {
            if (ChangeTypes.TryParse(CockpitDocument.String(policy["maxChangeType"]), out var max))
            {
                result = result with { MaxChangeType = max };
            }
            else
            {
                errors.Add(new("$.autoUpdate.maxChangeType", "Must be safe, reviewed or breaking."));
            }
        }

        return result;
    }

    private List<string> PatchCohorts(JsonNode? node, List<KeyValuePair<string, string>> errors)
    {
        var cohorts = (node as JsonArray)?.Select(CockpitDocument.String).ToList();
        var max = limits.Value.MaxCohorts;
        if (cohorts is null || cohorts.Count > max || cohorts.Any(c => !Ids.IsValid(c)))
        {
            errors.Add(new("$.cohorts", $"Must be an array of at most {max} ids (Limits:MaxCohorts)."));
            return State.Cohorts;
        }

        return [.. cohorts.OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cockpit {CockpitId} changed but its update notification could not be published")]
    private partial void LogNotifyFailed(Exception error, string cockpitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cockpit {CockpitId} failed to apply the release of campaign {CampaignId}")]
    private partial void LogRolloutFailed(Exception error, string cockpitId, string campaignId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cockpit {CockpitId} could not answer campaign {CampaignId}; it will be asked again")]
    private partial void LogAckFailed(Exception error, string cockpitId, string campaignId);
}
