using System.Text.Json;
using DashboardFactory.Alerts;
using DashboardFactory.Audit;
using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Effects;
using DashboardFactory.Errors;
using DashboardFactory.Limits;
using DashboardFactory.Outbox;
using DashboardFactory.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Features;

/// <summary>
/// Owns one feature: its releases, the XP-weighted votes and the stage they earn, admin approvals and
/// deprecation. Side effects (audit, webhook outbox, XP rewards, alerts) are saved with each change and
/// carried out after it, exactly as <see cref="PendingEffect"/> describes.
/// </summary>
public sealed partial class FeatureGrain(
    [PersistentState("feature", ProviderNames.Storage)] IPersistentState<FeatureState> feature,
    IAuditLog audit,
    EffectRunner effects,
    IOptions<GovernanceOptions> options,
    IOptions<LimitsOptions> limits,
    TimeProvider time,
    ILogger<FeatureGrain> logger) : Grain, IFeatureGrain
{
    public const string AuditSubject = "feature";

    private string Id => this.GetPrimaryKeyString();

    private FeatureState State => feature.State;

    private IFeatureRegistryGrain Registry => GrainFactory.GetGrain<IFeatureRegistryGrain>("default");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.PendingEffects.Count > 0)
        {
            await CarryOutEffectsAsync();
        }

        // A crash between recording a rollout and starting it must not leave it unstarted.
        if (State.Exists)
        {
            await EnsureRolloutAsync();
        }
    }

    public async Task<FeatureView> CreateAsync(NewFeature request)
    {
        if (State.Exists)
        {
            throw DomainException.Conflict($"Feature '{Id}' already exists.");
        }

        var now = time.GetUtcNow();
        feature.State = new FeatureState
        {
            Exists = true,
            Name = request.Name,
            Description = request.Description,
            AuthorId = request.AuthorId,
            Stage = FeatureStage.Experimental,
            CreatedAt = now,
        };
        Effect(Audited(request.AuthorId, "created", null, new { name = request.Name, stage = "experimental" }));
        await CommitAsync();
        return View();
    }

    public Task<FeatureView?> GetAsync() => Task.FromResult(State.Exists ? View() : null);

    public async Task<FeatureView> ProposeReleaseAsync(ReleaseSpec release, Caller caller)
    {
        EnsureExists();
        if (!caller.IsAdmin && caller.UserId != State.AuthorId)
        {
            throw DomainException.Forbidden($"Only the author of '{Id}' or an admin proposes its releases.");
        }

        if (State.Stage == FeatureStage.Deprecated)
        {
            throw DomainException.Conflict($"Feature '{Id}' is deprecated; an admin must un-deprecate it before a new release.");
        }

        var latest = State.Releases.LastOrDefault()?.Spec.Version;
        var validation = ReleaseRules.Validate(Id, release, latest, limits.Value);
        if (validation.Problems.Count > 0)
        {
            var errors = validation.Problems.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.Value).ToArray());
            throw validation.VersionConflict
                ? new DomainException(DomainErrorKind.Conflict, $"Version {release.Version} of '{Id}' is not above the latest ({latest}).", errors)
                : new DomainException(DomainErrorKind.Unprocessable, $"Release {release.Version} of '{Id}' cannot be accepted.", errors);
        }

        await CheckDependenciesAsync(release.Dependencies);
        var record = new ReleaseRecord(release, caller.UserId, time.GetUtcNow(), null, null);
        State.Releases.Add(record);
        Effect(Audited(caller.UserId, "release_proposed", null, new { version = release.Version, changeType = ChangeTypes.ToWire(release.ChangeType) }));
        await CommitAsync();
        return View();
    }

    public async Task<FeatureView> VoteAsync(Caller voter, bool approve)
    {
        EnsureExists();
        if (State.Stage == FeatureStage.Deprecated)
        {
            throw DomainException.Conflict($"Feature '{Id}' is deprecated and takes no votes.");
        }

        if (voter.UserId == State.AuthorId)
        {
            throw DomainException.Forbidden("Nobody votes on their own feature.");
        }

        var profile = await GrainFactory.GetGrain<IUserGrain>(voter.UserId).GetAsync();
        if (profile is null ? !voter.IsAdmin : profile.Role is not (UserRole.Optimizer or UserRole.Admin))
        {
            throw DomainException.Forbidden("Only optimizers and admins vote.");
        }

        var before = State.Votes.GetValueOrDefault(voter.UserId);
        var vote = new Vote(voter.UserId, approve, profile?.Xp ?? 0, time.GetUtcNow());
        State.Votes[voter.UserId] = vote;
        Effect(Audited(voter.UserId, "vote", before is null ? null : new { approve = before.Approve, xp = before.Xp }, new { approve, xp = vote.Xp }));
        MoveStage(VoteTally.StageFor(State.Stage, Tally(), options.Value.Settings), voter.UserId);
        await CommitAsync();
        return View();
    }

    public async Task<FeatureView> ApproveReleaseAsync(string version, string adminId)
    {
        EnsureExists();
        var index = State.Releases.FindIndex(r => r.Spec.Version == version);
        if (index < 0)
        {
            throw DomainException.NotFound($"Feature '{Id}' has no release {version}.");
        }

        var release = State.Releases[index];
        if (!ReleaseRouting.NeedsAdminApproval(release.Spec.ChangeType))
        {
            throw DomainException.Conflict($"Release {version} of '{Id}' is SAFE and needs no approval.");
        }

        if (release.ApprovedBy is not null)
        {
            return View();
        }

        var now = time.GetUtcNow();
        State.Releases[index] = release with { ApprovedBy = adminId, ApprovedAt = now };
        var effectId = NewEffectId();
        State.PendingEffects.Add(new PendingEffect(
            effectId,
            Audited(adminId, "release_approved", null, new { version }),
            new OutboxEvent(effectId, "feature.release_approved", Json(new
            {
                featureId = Id, version, changeType = ChangeTypes.ToWire(release.Spec.ChangeType), approvedBy = adminId, at = now,
            }), now),
            null,
            0,
            null));
        await CommitAsync();
        return View();
    }

    public async Task<FeatureView> DeprecateAsync(string reason, string actor)
    {
        EnsureExists();
        if (State.Stage == FeatureStage.Deprecated)
        {
            return View();
        }

        State.DeprecationNotice = reason;
        MoveStage(FeatureStage.Deprecated, actor, reason);
        await CommitAsync();

        // A deprecated feature reaches no more cockpits; its campaigns stop and are never resumed by themselves.
        foreach (var campaignId in State.Campaigns)
        {
            await GrainFactory.GetGrain<ICampaignGrain>(campaignId).CancelAsync(actor, $"{Id} was deprecated: {reason}");
        }

        return View();
    }

    public async Task<FeatureView> UndeprecateAsync(string adminId)
    {
        EnsureExists();
        if (State.Stage != FeatureStage.Deprecated)
        {
            return View();
        }

        State.DeprecationNotice = null;
        var stage = VoteTally.StageFor(FeatureStage.Experimental, Tally(), options.Value.Settings);
        MoveStage(stage, adminId, "un-deprecated");
        await CommitAsync();
        return View();
    }

    public async Task<FeatureView> UpdateAsync(FeatureChange change, string adminId)
    {
        EnsureExists();
        var before = new { owner = Owner(), cohorts = State.Cohorts.ToList() };
        if (change.SetOwner)
        {
            State.OwnerAssigned = true;
            State.Owner = change.Owner;
        }

        if (change.Cohorts is not null)
        {
            State.Cohorts = [.. change.Cohorts.Distinct(StringComparer.Ordinal)];
        }

        var after = new { owner = Owner(), cohorts = State.Cohorts.ToList() };
        if (before.owner != after.owner || !before.cohorts.SequenceEqual(after.cohorts))
        {
            Effect(Audited(adminId, "ops_updated", before, after));
            await CommitAsync();
        }

        return View();
    }

    public Task<RolloutPlan> RolloutPlanAsync(string version, Caller caller)
    {
        EnsureExists();
        if (!caller.IsAdmin && caller.UserId != State.AuthorId)
        {
            throw DomainException.Forbidden($"Only the author of '{Id}' or an admin previews its releases.");
        }

        var record = State.Releases.Find(r => r.Spec.Version == version)
            ?? throw DomainException.NotFound($"Feature '{Id}' has no release {version}.");
        return Task.FromResult(Plan(record.Spec));
    }

    public Task<FeatureRelease?> PropagatableAsync() => Task.FromResult(State.Exists ? LatestPropagatable() : null);

    public async Task<IReadOnlyList<AuditEntry>> HistoryAsync()
    {
        EnsureExists();
        await CarryOutEffectsAsync();
        return await audit.ListAsync(AuditSubject, Id);
    }

    private void MoveStage(FeatureStage to, string actor, string? reason = null)
    {
        var from = State.Stage;
        if (from == to)
        {
            return;
        }

        State.Stage = to;
        var tally = Tally();
        var now = time.GetUtcNow();
        var payload = JsonSerializer.Serialize(
            new { featureId = Id, from = Wire(from), to = Wire(to), approvalPercent = tally.ApprovalPercent, reason, at = now },
            JsonSerializerOptions.Web);
        var effectId = NewEffectId();
        var message = $"{State.Name} ({Id}) moved from {Wire(from)} to {Wire(to)}" + (reason is null ? "." : $": {reason}");
        State.PendingEffects.Add(new PendingEffect(
            effectId,
            new AuditEntry(now, actor, "stage_changed", Json(new { stage = Wire(from) }), Json(new { stage = Wire(to), reason })),
            new OutboxEvent(effectId, "feature.stage_changed", payload, now),
            null,
            0,
            new AlertEvent("feature.stage_changed", message, Id, null, now)));

        // The author is rewarded once per transition, however often the tally crosses the line again.
        if (to is FeatureStage.Approved or FeatureStage.Foundational && !State.RewardedApproved)
        {
            State.RewardedApproved = true;
            State.PendingEffects.Add(new PendingEffect($"{Id}:reward:approved", null, null, State.AuthorId, options.Value.ApprovedReward, null));
        }

        if (to == FeatureStage.Foundational && !State.RewardedFoundational)
        {
            State.RewardedFoundational = true;
            State.PendingEffects.Add(new PendingEffect($"{Id}:reward:foundational", null, null, State.AuthorId, options.Value.FoundationalReward, null));
        }

        LogStageChanged(Id, from, to);
    }

    private async Task CommitAsync()
    {
        await feature.WriteOrForgetAsync(this);
        await Registry.UpsertAsync(Summary());
        await CarryOutEffectsAsync();
        await EnsureRolloutAsync();
    }

    /// <summary>
    /// A release that may propagate rolls out by itself: its campaign is recorded here first, then started.
    /// Starting is idempotent (one campaign id per release), so calling this again is harmless, and a
    /// cancelled campaign stays cancelled: a rolled-back feature never returns through an old campaign.
    /// </summary>
    private async Task EnsureRolloutAsync()
    {
        var release = LatestPropagatable();
        if (release is null)
        {
            return;
        }

        var campaignId = CampaignIds.For(release);
        if (!State.Campaigns.Contains(campaignId))
        {
            State.Campaigns.Add(campaignId);
            Effect(Audited("system", "rollout_started", null, new { campaignId, version = release.Version }));
            await feature.WriteOrForgetAsync(this);
            await CarryOutEffectsAsync();
        }

        var plan = Plan(State.Releases.First(r => r.Spec.Version == release.Version).Spec);
        await GrainFactory.GetGrain<ICampaignGrain>(campaignId)
            .StartAsync(new CampaignStart(plan.Release, plan.Cohorts, State.Stage == FeatureStage.Foundational, "system"));
    }

    private Task CarryOutEffectsAsync() => effects.CarryOutAsync(State.PendingEffects, AuditSubject, Id);

    private async Task CheckDependenciesAsync(IReadOnlyList<string> dependencies)
    {
        if (dependencies.Count == 0)
        {
            return;
        }

        var graph = await Registry.DependencyGraphAsync();
        var unknown = dependencies.Where(d => !graph.ContainsKey(d)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException(DomainErrorKind.Unprocessable, $"Unknown dependencies: {string.Join(", ", unknown)}.",
                new Dictionary<string, string[]> { ["dependencies"] = [.. unknown.Select(u => $"No feature '{u}'.")] });
        }

        var cycle = DependencyGraph.FindCycle(graph, Id, dependencies);
        if (cycle is not null)
        {
            var path = string.Join(" → ", cycle);
            throw new DomainException(DomainErrorKind.Unprocessable, $"These dependencies make a cycle: {path}.",
                new Dictionary<string, string[]> { ["dependencies"] = [$"Cycle: {path}"] });
        }
    }

    private FeatureRelease? LatestPropagatable()
    {
        for (var i = State.Releases.Count - 1; i >= 0; i--)
        {
            var record = State.Releases[i];
            if (ReleaseRouting.MayPropagate(State.Stage, record, i > 0 ? State.Releases[i - 1].Spec.Version : null))
            {
                return Plan(record.Spec).Release;
            }
        }

        return null;
    }

    /// <summary>What a release's campaign rolls out and to whom: the release's cohorts, else the feature's. The campaign and the preview both come from here.</summary>
    private RolloutPlan Plan(ReleaseSpec spec) => new(
        new FeatureRelease(Id, spec.Version, spec.ChangeType, spec.Widget, spec.Injection, spec.Quadrant),
        spec.Cohorts.Count > 0 ? spec.Cohorts : [.. State.Cohorts]);

    /// <summary>The author, until an admin names someone else (or nobody).</summary>
    private string? Owner() => State.OwnerAssigned ? State.Owner : State.AuthorId;

    /// <summary>The newest release, when it still waits for an admin's approval.</summary>
    private string? PendingApproval() =>
        State.Releases.LastOrDefault() is { ApprovedBy: null } last && ReleaseRouting.NeedsAdminApproval(last.Spec.ChangeType) ? last.Spec.Version : null;

    private Tally Tally() => VoteTally.Count(State.Votes.Values);

    private FeatureSummary Summary() => new(
        Id, State.Name, State.Stage, State.AuthorId, State.Releases.LastOrDefault()?.Spec.Dependencies ?? [],
        State.Releases.LastOrDefault()?.Spec.Version, LatestPropagatable(), Owner(), [.. State.Cohorts], PendingApproval(),
        State.Releases.LastOrDefault() is { } latest ? WidgetKpis.Of(latest.Spec.Widget.ConfigJson) : [], State.DeprecationNotice,
        State.OwnerAssigned);

    private FeatureView View() => new(
        Id,
        State.Name,
        State.Description,
        State.AuthorId,
        State.Stage,
        [.. State.Releases.Select((r, i) => new ReleaseView(r, ReleaseRouting.MayPropagate(State.Stage, r, i > 0 ? State.Releases[i - 1].Spec.Version : null)))],
        Tally(),
        State.Campaigns,
        State.CreatedAt,
        State.DeprecationNotice,
        Owner(),
        State.Cohorts,
        [.. State.Votes.Values.OrderBy(v => v.At)],
        options.Value.Settings);

    private void Effect(AuditEntry entry) => State.PendingEffects.Add(new PendingEffect(NewEffectId(), entry, null, null, 0, null));

    private AuditEntry Audited(string actor, string action, object? before, object? after) =>
        new(time.GetUtcNow(), actor, action, before is null ? null : Json(before), after is null ? null : Json(after));

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    private static string Wire(FeatureStage stage) => stage.ToString().ToLowerInvariant();

    private string NewEffectId() => $"{Id}:{Guid.NewGuid():N}";

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw DomainException.NotFound($"Feature '{Id}' does not exist.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feature {FeatureId} moved from {From} to {To}")]
    private partial void LogStageChanged(string featureId, FeatureStage from, FeatureStage to);
}
