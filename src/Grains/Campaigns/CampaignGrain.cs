using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using DashboardFactory.Alerts;
using DashboardFactory.Audit;
using DashboardFactory.Cockpits;
using DashboardFactory.Effects;
using DashboardFactory.Fleet;
using DashboardFactory.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Campaigns;

/// <summary>
/// Owns one rollout. Sends each target cockpit a rollout message on its stream, keeps a bounded window of
/// unanswered sends, re-sends what times out with exponential backoff, and moves through waves, halting
/// when a wave fails too often. Memory streams are best effort, so durability lives here and in the
/// cockpits: status is checkpointed, and a cockpit applies a version once however often it is sent.
/// A reminder brings the campaign back after every silo stopped.
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

    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private IGrainTimer? _timer;
    private int _nextToSend;
    private bool _dirty;
    private DateTimeOffset _lastCheckpoint;

    private string Id => this.GetPrimaryKeyString();

    private CampaignState State => campaign.State;

    private CampaignOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!State.Exists)
        {
            return;
        }

        foreach (var (cockpitId, target) in State.Targets)
        {
            if (target.Status == TargetStatus.Sent)
            {
                _inFlight.Add(cockpitId);
            }
        }

        _nextToSend = State.Order.FindIndex(id => State.Targets[id].Status == TargetStatus.Pending) is var i and >= 0 ? i : State.Order.Count;
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
        campaign.State = new CampaignState
        {
            Exists = true,
            Release = start.Release,
            Cohorts = [.. start.Cohorts],
            Foundational = start.Foundational,
            Status = CampaignStatus.Running,
            Order = targets,
            Targets = targets.ToDictionary(t => t, _ => new CampaignTarget(), StringComparer.Ordinal),
            StartedAt = now,
            StartedBy = start.StartedBy,
        };
        var started = Payload(new
        {
            campaignId = Id, featureId = start.Release.FeatureId, version = start.Release.Version, total = targets.Count, foundational = start.Foundational, startedAt = now,
        });
        Effect("campaign_started", start.StartedBy, null, new { total = targets.Count, foundational = start.Foundational }, new("campaign.started", started), null);
        LogStarted(Id, targets.Count);
        if (targets.Count == 0)
        {
            Finish(CampaignStatus.Completed, "system", null);
        }

        await SaveAsync();
        if (State.Status == CampaignStatus.Running)
        {
            await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            StartTimer();
        }

        return View();
    }

    public Task<CampaignView?> GetAsync() => Task.FromResult(State.Exists ? View() : null);

    public Task AckAsync(string cockpitId, int attempt, UpdateResult result)
    {
        if (!State.Exists || !State.Targets.TryGetValue(cockpitId, out var target) || target.IsFinal)
        {
            return Task.CompletedTask;
        }

        switch (result.Outcome)
        {
            case UpdateOutcome.Applied:
                Settle(cockpitId, target, TargetStatus.Applied, null, result.Conflicts.Count);
                break;

            // Targets lacked this version when they were chosen, so "already installed" means an earlier attempt
            // installed it and its answer (or the record of it) was lost in a crash.
            case UpdateOutcome.Skipped when result.Reason?.Contains("is already installed", StringComparison.Ordinal) == true:
                Settle(cockpitId, target, TargetStatus.Applied, null, 0);
                break;
            case UpdateOutcome.Skipped:
                Settle(cockpitId, target, TargetStatus.Skipped, result.Reason, 0);
                break;
            default:
                target.Reason = result.Reason;
                if (target.Attempts >= Options.MaxAttempts)
                {
                    Settle(cockpitId, target, TargetStatus.Failed, result.Reason, 0);
                }
                else
                {
                    // Due again after the backoff of this attempt, like a timeout.
                    target.SentAt = time.GetUtcNow() - Options.AckTimeout + Backoff(target.Attempts) / 4;
                }

                break;
        }

        _dirty = true;
        return Task.CompletedTask;
    }

    public async Task<CampaignView> PauseAsync(string actor)
    {
        EnsureExists();
        if (State.Status == CampaignStatus.Running)
        {
            State.Status = CampaignStatus.Paused;
            Effect("campaign_paused", actor, null, null, null, null);
            await SaveAsync();
        }

        return View();
    }

    public async Task<CampaignView> ResumeAsync(string actor)
    {
        EnsureExists();
        if (State.Status is CampaignStatus.Paused or CampaignStatus.Halted)
        {
            if (State.Status == CampaignStatus.Halted)
            {
                State.AcceptedWave = State.Wave;
            }

            State.Status = CampaignStatus.Running;
            State.HaltReason = null;
            Effect("campaign_resumed", actor, null, null, null, null);
            await SaveAsync();
            await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            StartTimer();
        }

        return View();
    }

    public async Task<CampaignView> CancelAsync(string actor, string reason)
    {
        EnsureExists();
        if (State.Status is CampaignStatus.Running or CampaignStatus.Paused or CampaignStatus.Halted)
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
        if (State.Status == CampaignStatus.Running
            && (State.Foundational || await GrainFactory.GetGrain<ICampaignDirectoryGrain>("default").MayProceedAsync(Id)))
        {
            var now = time.GetUtcNow();
            ResendOverdue(now);
            await SendAsync(now);
            AdvanceWaves();
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

    private void ResendOverdue(DateTimeOffset now)
    {
        foreach (var cockpitId in _inFlight.ToList())
        {
            var target = State.Targets[cockpitId];
            if (target.SentAt + Backoff(target.Attempts) > now)
            {
                continue;
            }

            if (target.Attempts >= Options.MaxAttempts)
            {
                Settle(cockpitId, target, TargetStatus.Failed, target.Reason ?? $"No answer after {target.Attempts} attempts.", 0);
            }
            else
            {
                // Back in the queue ahead of new work: it is sent again in this tick.
                target.Status = TargetStatus.Pending;
                _inFlight.Remove(cockpitId);
                _retry.Enqueue(cockpitId);
            }

            _dirty = true;
        }
    }

    private readonly Queue<string> _retry = new();

    private async Task SendAsync(DateTimeOffset now)
    {
        var waveEnd = WaveEnd(State.Wave);
        var batch = new List<string>(Options.BatchSize);
        while (_inFlight.Count + batch.Count < Options.Window && batch.Count < Options.BatchSize)
        {
            if (_retry.TryDequeue(out var retry))
            {
                batch.Add(retry);
                continue;
            }

            while (_nextToSend < waveEnd && State.Targets[State.Order[_nextToSend]].Status != TargetStatus.Pending)
            {
                _nextToSend++;
            }

            if (_nextToSend >= waveEnd)
            {
                break;
            }

            batch.Add(State.Order[_nextToSend++]);
        }

        if (batch.Count == 0)
        {
            return;
        }

        var streams = this.GetStreamProvider(ProviderNames.RolloutStreams);
        var sends = batch.Select(async cockpitId =>
        {
            var target = State.Targets[cockpitId];
            var attempt = target.Attempts + 1;
            try
            {
                await streams.GetStream<RolloutMessage>(StreamId.Create(StreamNamespaces.Rollouts, cockpitId))
                    .OnNextAsync(new RolloutMessage(Id, State.Release, attempt));
                return (cockpitId, sent: true);
            }
            catch (Exception error)
            {
                LogSendFailed(error, Id, cockpitId);
                return (cockpitId, sent: false);
            }
        });
        foreach (var (cockpitId, sent) in await Task.WhenAll(sends))
        {
            var target = State.Targets[cockpitId];
            if (sent && !target.IsFinal)
            {
                target.Attempts++;
                target.Status = TargetStatus.Sent;
                target.SentAt = now;
                _inFlight.Add(cockpitId);
            }
            else if (!sent)
            {
                _retry.Enqueue(cockpitId);
            }
        }

        _dirty = true;
    }

    private void AdvanceWaves()
    {
        while (State.Status == CampaignStatus.Running)
        {
            var (start, end) = (State.Wave == 0 ? 0 : WaveEnd(State.Wave - 1), WaveEnd(State.Wave));
            var wave = State.Order.Skip(start).Take(end - start).Select(id => State.Targets[id]).ToList();
            if (wave.Any(t => !t.IsFinal))
            {
                return;
            }

            var failed = wave.Count(t => t.Status == TargetStatus.Failed);
            if (wave.Count > 0 && (double)failed / wave.Count > Options.HaltFailureRate && State.AcceptedWave != State.Wave)
            {
                State.HaltReason = $"Wave {State.Wave + 1} failed on {failed} of {wave.Count} cockpits (more than {Options.HaltFailureRate:P0}).";
                Halt();
                return;
            }

            if (end >= State.Order.Count)
            {
                Finish(CampaignStatus.Completed, "system", null);
                return;
            }

            State.Wave++;
            _dirty = true;
        }
    }

    private void Halt()
    {
        State.Status = CampaignStatus.Halted;
        Telemetry.FactoryMetrics.CampaignFinished("halted");
        var payload = Payload(new { campaignId = Id, featureId = State.Release.FeatureId, version = State.Release.Version, reason = State.HaltReason });
        Effect("campaign_halted", "system", null, new { reason = State.HaltReason }, new("campaign.halted", payload),
            $"Campaign {Id} halted: {State.HaltReason}");
        LogHalted(Id, State.HaltReason!);
        _dirty = true;
    }

    private void Finish(CampaignStatus status, string actor, string? reason)
    {
        State.Status = status;
        State.FinishedAt = time.GetUtcNow();
        Telemetry.FactoryMetrics.CampaignFinished(status.ToString().ToLowerInvariant());
        var view = View();
        var counters = new { view.Total, view.Applied, view.Skipped, view.Failed, view.Conflicts, reason };
        if (status == CampaignStatus.Completed)
        {
            var payload = Payload(new { campaignId = Id, featureId = State.Release.FeatureId, version = State.Release.Version, view.Total, view.Applied, view.Skipped, view.Failed, view.Conflicts });
            Effect("campaign_completed", actor, null, counters, new("campaign.completed", payload), null);
            LogCompleted(Id, view.Applied, view.Skipped, view.Failed, (State.FinishedAt - State.StartedAt).Value.TotalMilliseconds);
        }
        else
        {
            Effect("campaign_cancelled", actor, null, counters, null, null);
        }

        _dirty = true;
    }

    private void Settle(string cockpitId, CampaignTarget target, TargetStatus status, string? reason, int conflicts)
    {
        target.Status = status;
        target.Reason = reason;
        target.Conflicts = conflicts;
        _inFlight.Remove(cockpitId);
        Telemetry.FactoryMetrics.CampaignCockpitSettled(status.ToString().ToLowerInvariant());
    }

    private async Task SaveAsync()
    {
        await campaign.WriteStateAsync();
        _dirty = false;
        _lastCheckpoint = time.GetUtcNow();
        await GrainFactory.GetGrain<ICampaignDirectoryGrain>("default").UpsertAsync(
            new CampaignSummary(Id, State.Release.FeatureId, State.Release.Version, State.Foundational, State.Status, State.StartedAt));
        await effects.CarryOutAsync(State.PendingEffects, AuditSubject, Id);
    }

    private async Task<List<string>> FindTargetsAsync(CampaignStart start)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, FleetIndex.ShardCount)
            .Select(s => GrainFactory.GetGrain<IFleetIndexShardGrain>(s).RolloutTargetsAsync(start.Release, start.Cohorts)));

        // A stable spread: waves sample the whole fleet, not one shard or one alphabetical corner of it.
        return [.. shards.SelectMany(s => s)
            .OrderBy(id => XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(id)))
            .ThenBy(id => id, StringComparer.Ordinal)];
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

    private int WaveEnd(int wave)
    {
        var waves = Options.EffectiveWaves;
        var total = State.Order.Count;
        return wave >= waves.Count - 1 ? total : Math.Clamp((int)Math.Ceiling(total * waves[wave] / 100), 1, total);
    }

    private TimeSpan Backoff(int attempts) => Options.AckTimeout * Math.Pow(2, Math.Clamp(attempts - 1, 0, 4));

    private CampaignView View()
    {
        int applied = 0, skipped = 0, failed = 0, conflicts = 0;
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (cockpitId, target) in State.Targets)
        {
            switch (target.Status)
            {
                case TargetStatus.Applied: applied++; conflicts += target.Conflicts; break;
                case TargetStatus.Skipped: skipped++; break;
                case TargetStatus.Failed:
                    failed++;
                    if (failures.Count < 100)
                    {
                        failures[cockpitId] = target.Reason ?? "unknown";
                    }

                    break;
            }
        }

        return new CampaignView(Id, State.Release.FeatureId, State.Release.Version, State.Status, State.Order.Count, applied, skipped, failed,
            conflicts, State.Wave, State.Foundational, State.StartedAt, State.FinishedAt, State.HaltReason, failures);
    }

    private void Effect(string action, string actor, object? before, object? after, (string Type, string Payload)? outbox, string? alert)
    {
        var now = time.GetUtcNow();
        var id = $"{Id}:{Guid.NewGuid():N}";
        State.PendingEffects.Add(new PendingEffect(
            id,
            new AuditEntry(now, actor, action, before is null ? null : Payload(before), after is null ? null : Payload(after)),
            outbox is { } o ? new OutboxEvent(id, o.Type, o.Payload, now) : null,
            null,
            0,
            alert is null ? null : new AlertEvent(action, alert, State.Release.FeatureId, null, now)));
    }

    private static string Payload(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw Errors.DomainException.NotFound($"Campaign '{Id}' does not exist.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} started for {Total} cockpits")]
    private partial void LogStarted(string campaignId, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} completed: {Applied} applied, {Skipped} skipped, {Failed} failed in {DurationMs} ms")]
    private partial void LogCompleted(string campaignId, int applied, int skipped, int failed, double durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId} halted: {Reason}")]
    private partial void LogHalted(string campaignId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId} could not send to cockpit {CockpitId}; it will retry")]
    private partial void LogSendFailed(Exception error, string campaignId, string cockpitId);
}
