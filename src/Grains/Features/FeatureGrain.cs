using DashboardFactory.Audit;
using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Effects;
using DashboardFactory.Errors;
using DashboardFactory.Limits;
using DashboardFactory.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Features;

/// <summary>
/// Owns one feature: its releases, the XP-weighted votes and the stage they earn, admin approvals and
/// deprecation. Side effects (audit, webhook outbox, XP rewards, alerts, and the campaign of a release that may
/// now roll out) are saved with each change and carried out after it, exactly as <see cref="PendingEffect"/>
/// describes; <see cref="FeatureEffects"/> builds them.
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

    /// <summary>
    /// Recovery: effects saved with the last change but not carried out (a crash in between) are carried out now,
    /// a campaign start among them too. Nothing else: activating to answer a read starts nothing.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.PendingEffects.Count > 0)
        {
            await CarryOutEffectsAsync();
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
        Audit(request.AuthorId, "created", null, new { name = request.Name, stage = "experimental" });
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
        if (ReleaseRules.Validate(Id, release, latest, limits.Value).Error(Id, release.Version, latest) is { } invalid)
        {
            throw invalid;
        }

        if (release.Dependencies.Count > 0)
        {
            ReleaseDependencies.Check(await Registry.DependencyGraphAsync(), Id, release.Dependencies);
        }

        State.Releases.Add(new ReleaseRecord(release, caller.UserId, time.GetUtcNow(), null, null));
        Audit(caller.UserId, "release_proposed", null, new { version = release.Version, changeType = ChangeTypes.ToWire(release.ChangeType) });
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
        Audit(voter.UserId, "vote", before is null ? null : new { approve = before.Approve, xp = before.Xp }, new { approve, xp = vote.Xp });
        MoveStage(VoteTally.StageFor(State.Stage, State.CurrentTally(), options.Value.Settings), voter.UserId);
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
        State.PendingEffects.Add(FeatureEffects.ReleaseApproved(Id, version, release.Spec.ChangeType, adminId, now));
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
        MoveStage(VoteTally.StageFor(FeatureStage.Experimental, State.CurrentTally(), options.Value.Settings), adminId, "un-deprecated");
        await CommitAsync();
        return View();
    }

    public async Task<FeatureView> UpdateAsync(FeatureChange change, string adminId)
    {
        EnsureExists();
        var before = new { owner = State.EffectiveOwner, cohorts = State.Cohorts.ToList() };
        if (change.SetOwner)
        {
            State.OwnerAssigned = true;
            State.Owner = change.Owner;
        }

        if (change.Cohorts is not null)
        {
            State.Cohorts = [.. change.Cohorts.Distinct(StringComparer.Ordinal)];
        }

        var after = new { owner = State.EffectiveOwner, cohorts = State.Cohorts.ToList() };
        if (before.owner != after.owner || !before.cohorts.SequenceEqual(after.cohorts))
        {
            Audit(adminId, "ops_updated", before, after);
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
        return Task.FromResult(FeatureReleases.Plan(Id, State, record.Spec));
    }

    public Task<FeatureRelease?> PropagatableAsync() =>
        Task.FromResult(State.Exists ? FeatureReleases.LatestPropagatable(Id, State)?.Release : null);

    public async Task<IReadOnlyList<AuditEntry>> HistoryAsync()
    {
        EnsureExists();
        await CarryOutEffectsAsync();
        return await audit.ListAsync(AuditSubject, Id);
    }

    private void MoveStage(FeatureStage to, string actor, string? reason = null)
    {
        var from = State.Stage;
        if (FeatureChanges.MoveStage(Id, State, to, actor, reason, options.Value, time.GetUtcNow()))
        {
            LogStageChanged(Id, from, to);
        }
    }

    /// <summary>Saves the change with its effects (a campaign it lets start among them), tells the registry, then carries the effects out.</summary>
    private async Task CommitAsync()
    {
        FeatureChanges.RecordRollout(Id, State, time.GetUtcNow());
        await feature.WriteOrForgetAsync(this);
        await Registry.UpsertAsync(State.Summary(Id));
        await CarryOutEffectsAsync();
    }

    /// <summary>
    /// Carries out the pending effects. Done effects usually leave storage with the next write; a campaign start is
    /// written off at once, so that only a start that never happened is found and made by a later activation.
    /// </summary>
    private async Task CarryOutEffectsAsync()
    {
        var starts = State.PendingEffects.Any(e => e.Campaign is not null);
        await effects.CarryOutAsync(State.PendingEffects, AuditSubject, Id);
        if (starts)
        {
            await feature.WriteOrForgetAsync(this);
        }
    }

    private FeatureView View() => State.View(Id, options.Value.Settings);

    private void Audit(string actor, string action, object? before, object? after) =>
        State.PendingEffects.Add(FeatureEffects.Audit(Id, FeatureEffects.Audited(time.GetUtcNow(), actor, action, before, after)));

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
