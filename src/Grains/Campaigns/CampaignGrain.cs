using DashboardFactory.Cockpits;
using DashboardFactory.Effects;
using DashboardFactory.Errors;
using DashboardFactory.Fleet;
using DashboardFactory.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Campaigns;

/// <summary>
/// Owns one rollout. On every tick it asks its <see cref="CampaignSchedule"/> what is due (sends, re-sends after
/// backoff, give-ups, the next wave, a halt or the end), puts the rollout messages on the cockpits' streams, and
/// saves and announces what changed (<see cref="CampaignEffects"/>). Memory streams are best effort, so durability
/// lives here and in the cockpits: status is checkpointed, and a cockpit applies a version once however often it
/// is sent. A reminder brings the campaign back after every silo stopped. An admin's pause and resume are
/// <see cref="CampaignControls"/>'.
/// </summary>
public sealed partial class CampaignGrain(
    [PersistentState("campaign", ProviderNames.Storage)] IPersistentState<CampaignState> campaign,
    EffectRunner effects,
    IOptions<CampaignOptions> options,
    TimeProvider time,
    ILogger<CampaignGrain> logger) : Grain, ICampaignGrain, IRemindable
{
    public const string AuditSubject = "campaign";
    private const string KeepAliveReminder = "campaign-keepalive";

    private CampaignSchedule _schedule = null!;
    private RolloutSender? _sender;
    private IGrainTimer? _timer;
    private bool _dirty;
    private DateTimeOffset _lastCheckpoint;

    private string Id => this.GetPrimaryKeyString();

    private CampaignState State => campaign.State;

    private CampaignOptions Options => options.Value;

    private ICampaignDirectoryGrain Directory => GrainFactory.GetGrain<ICampaignDirectoryGrain>("default");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _schedule = new CampaignSchedule(State, Options);
        if (!State.Exists)
        {
            return;
        }

        await effects.CarryOutAsync(State.PendingEffects, AuditSubject, Id);
        if (State.Status == CampaignStatus.Running)
        {
            StartTimer();
        }
    }

    public async Task<CampaignView> StartAsync(CampaignStart start)
    {
        if (State.Exists)
        {
            return View();
        }

        var targets = await FindTargetsAsync(start);
        var now = time.GetUtcNow();
        campaign.State = CampaignState.Started(start, targets, now);
        _schedule = new CampaignSchedule(State, Options);
        State.PendingEffects.Add(CampaignEffects.Started(Id, State, now));
        LogStarted(Id, State.Order.Count);
        if (State.Order.Count == 0)
        {
            Finish(CampaignStatus.Completed, "system", null);
        }

        await SaveAsync();
        if (State.Status == CampaignStatus.Running)
        {
            await KeepRunningAsync();
        }

        return View();
    }

    public Task<CampaignView?> GetAsync() => Task.FromResult(State.Exists ? View() : null);

    public Task AckAsync(string cockpitId, int attempt, UpdateResult result)
    {
        if (State.Exists && _schedule.Answer(cockpitId, result, time.GetUtcNow()) is { } status)
        {
            CountSettled(status);
            _dirty = true;
        }

        return Task.CompletedTask;
    }

    public async Task<CampaignView> PauseAsync(string actor)
    {
        EnsureExists();
        if (CampaignControls.Pause(State, Id, actor, time.GetUtcNow()))
        {
            await SaveAsync();
        }

        return View();
    }

    public async Task<CampaignView> ResumeAsync(string actor)
    {
        EnsureExists();
        if (CampaignControls.Resume(State, Id, actor, time.GetUtcNow()))
        {
            await SaveAsync();
            await KeepRunningAsync();
        }

        return View();
    }

    public async Task<CampaignView> CancelAsync(string actor, string reason)
    {
        EnsureExists();
        if (CampaignControls.MayCancel(State))
        {
            Finish(CampaignStatus.Cancelled, actor, reason);
            await SaveAsync();
        }

        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!State.Exists || State.Status is CampaignStatus.Completed or CampaignStatus.Cancelled)
        {
            await UnregisterKeepAliveAsync();
        }
        else if (State.Status == CampaignStatus.Running)
        {
            StartTimer();
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (State.Status == CampaignStatus.Running && (State.Foundational || await Directory.MayProceedAsync(Id)))
        {
            var now = time.GetUtcNow();
            foreach (var (_, status) in _schedule.ExpireOverdue(now))
            {
                CountSettled(status);
                _dirty = true;
            }

            Send(_schedule.NextBatch(), now);
            var wave = State.Wave;
            var verdict = _schedule.AdvanceWaves();
            _dirty |= State.Wave != wave;
            if (verdict.Status == CampaignStatus.Halted)
            {
                Halt(verdict.HaltReason!);
            }
            else if (verdict.Status == CampaignStatus.Completed)
            {
                Finish(CampaignStatus.Completed, "system", null);
            }
        }

        if (State.Status != CampaignStatus.Running)
        {
            _timer?.Dispose();
            _timer = null;
            if (State.Status is CampaignStatus.Completed or CampaignStatus.Cancelled)
            {
                await UnregisterKeepAliveAsync();
            }
        }

        if (_dirty && (time.GetUtcNow() - _lastCheckpoint >= Options.CheckpointInterval || State.Status != CampaignStatus.Running))
        {
            await SaveAsync();
        }
    }

    private void Send(IReadOnlyList<string> batch, DateTimeOffset now)
    {
        if (batch.Count == 0)
        {
            return;
        }

        _sender ??= new RolloutSender(Id, GrainFactory, logger);
        foreach (var (cockpitId, sent) in _sender.Send(batch, State.Release, _schedule.NextAttempt))
        {
            if (sent)
            {
                _schedule.Sent(cockpitId, now);
            }
            else
            {
                _schedule.NotSent(cockpitId);
            }
        }

        _dirty = true;
    }

    private void Halt(string reason)
    {
        State.Status = CampaignStatus.Halted;
        State.HaltReason = reason;
        FactoryMetrics.CampaignFinished("halted");
        State.PendingEffects.Add(CampaignEffects.Halted(Id, State, time.GetUtcNow()));
        LogHalted(Id, reason);
        _dirty = true;
    }

    private void Finish(CampaignStatus status, string actor, string? reason)
    {
        State.Status = status;
        State.FinishedAt = time.GetUtcNow();
        FactoryMetrics.CampaignFinished(status.ToString().ToLowerInvariant());
        var view = View();
        State.PendingEffects.Add(CampaignEffects.Finished(view, actor, reason, time.GetUtcNow()));
        if (status == CampaignStatus.Completed)
        {
            LogCompleted(Id, view.Applied, view.Skipped, view.Failed, (State.FinishedAt - State.StartedAt).Value.TotalMilliseconds);
        }

        _dirty = true;
    }

    private static void CountSettled(TargetStatus status)
    {
        if (status is TargetStatus.Applied or TargetStatus.Skipped or TargetStatus.Failed)
        {
            FactoryMetrics.CampaignCockpitSettled(status.ToString().ToLowerInvariant());
        }
    }

    private async Task SaveAsync()
    {
        await campaign.WriteStateAsync();
        _dirty = false;
        _lastCheckpoint = time.GetUtcNow();
        await Directory.UpsertAsync(new CampaignSummary(Id, State.Release.FeatureId, State.Release.Version, State.Foundational, State.Status, State.StartedAt));
        await effects.CarryOutAsync(State.PendingEffects, AuditSubject, Id);
    }

    private async Task<List<string>> FindTargetsAsync(CampaignStart start)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, FleetIndex.ShardCount)
            .Select(s => GrainFactory.GetGrain<IFleetIndexShardGrain>(s).RolloutTargetsAsync(start.Release, start.Cohorts)));

        return CampaignSchedule.SendOrder(shards.SelectMany(s => s));
    }

    private async Task KeepRunningAsync()
    {
        await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        StartTimer();
    }

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Options.TickInterval) { KeepAlive = true });

    private async Task UnregisterKeepAliveAsync()
    {
        if (await this.GetReminder(KeepAliveReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private CampaignView View() => State.View(Id);

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw DomainException.NotFound($"Campaign '{Id}' does not exist.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} started for {Total} cockpits")]
    private partial void LogStarted(string campaignId, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} completed: {Applied} applied, {Skipped} skipped, {Failed} failed in {DurationMs} ms")]
    private partial void LogCompleted(string campaignId, int applied, int skipped, int failed, double durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId} halted: {Reason}")]
    private partial void LogHalted(string campaignId, string reason);
}
