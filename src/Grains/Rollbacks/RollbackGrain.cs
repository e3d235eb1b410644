using System.Text.Json;
using DashboardFactory.Alerts;
using DashboardFactory.Audit;
using DashboardFactory.Cockpits;
using DashboardFactory.Effects;
using DashboardFactory.Errors;
using DashboardFactory.Features;
using DashboardFactory.Fleet;
using DashboardFactory.Mail;
using DashboardFactory.Outbox;
using DashboardFactory.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Rollbacks;

/// <summary>
/// Owns one mass rollback. The feature is deprecated first (which stops its campaigns), the affected cockpits
/// come from the fleet index's installation data (no fleet scan), and each is reverted by a direct call,
/// many at once: a rollback must be fast, and each answer is needed here anyway. Progress is saved after
/// every batch and a reminder resumes an interrupted rollback; cockpits skip a feature they no longer have,
/// so one reverted again after a crash is not reverted twice.
/// </summary>
public sealed partial class RollbackGrain(
    [PersistentState("rollback", ProviderNames.Storage)] IPersistentState<RollbackState> rollback,
    EffectRunner effects,
    IOptions<RollbackOptions> options,
    TimeProvider time,
    ILogger<RollbackGrain> logger) : Grain, IRollbackGrain, IRemindable
{
    private const string KeepAliveReminder = "rollback-keepalive";

    private IGrainTimer? _timer;

    private string Id => this.GetPrimaryKeyString();

    private RollbackState State => rollback.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!State.Exists)
        {
            return;
        }

        await effects.CarryOutAsync(State.PendingEffects, FeatureGrain.AuditSubject, State.FeatureId);
        if (State.FinishedAt is null)
        {
            StartTimer();
        }
    }

    public async Task<RollbackView> StartAsync(string featureId, string reason, RollbackMode mode, string actor)
    {
        if (State.Exists)
        {
            return View();
        }

        var feature = GrainFactory.GetGrain<IFeatureGrain>(featureId);
        if (await feature.GetAsync() is null)
        {
            throw DomainException.NotFound($"Feature '{featureId}' does not exist.");
        }

        // Deprecate before looking for targets: from now on no campaign installs it anywhere new.
        await feature.DeprecateAsync(reason, actor);
        var shards = await Task.WhenAll(Enumerable.Range(0, FleetIndex.ShardCount)
            .Select(s => GrainFactory.GetGrain<IFleetIndexShardGrain>(s).QueryAsync(new FleetFilter(featureId, null, null, int.MaxValue))));
        var now = time.GetUtcNow();
        rollback.State = new RollbackState
        {
            Exists = true,
            FeatureId = featureId,
            Mode = mode,
            Reason = reason,
            Actor = actor,
            Targets = shards.SelectMany(s => s).ToDictionary(e => e.CockpitId, _ => new RollbackTarget(), StringComparer.Ordinal),
            StartedAt = now,
        };
        State.PendingEffects.Add(new PendingEffect($"{Id}:started", Audit: new AuditEntry(now, actor, "rollback_started", null,
            Json(new { rollbackId = Id, mode = Wire(mode), reason, affected = State.Targets.Count }))));
        LogStarted(Id, featureId, State.Targets.Count);
        FactoryMetrics.RollbackStarted();
        await SaveAsync();
        await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        StartTimer();
        return View();
    }

    public Task<RollbackView?> GetAsync() => Task.FromResult(State.Exists ? View() : null);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.Exists && State.FinishedAt is null)
        {
            StartTimer();
            return Task.CompletedTask;
        }

        return UnregisterKeepAliveAsync();
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var batch = RollbackTargets.NextBatch(State, options.Value.Concurrency);
        if (batch.Count > 0)
        {
            foreach (var (cockpitId, outcome, reason) in await Task.WhenAll(batch.Select(RevertAsync)))
            {
                RollbackTargets.Attempted(State.Targets[cockpitId], outcome, reason, options.Value.MaxAttempts);
            }
        }

        if (State.Targets.Values.All(t => t.Outcome is not null))
        {
            Finish();
        }

        await SaveAsync();
        if (State.FinishedAt is not null)
        {
            _timer?.Dispose();
            _timer = null;
            await UnregisterKeepAliveAsync();
        }
    }

    private async Task<(string CockpitId, string? Outcome, string? Reason)> RevertAsync(string cockpitId)
    {
        try
        {
            var result = await GrainFactory.GetGrain<ICockpitGrain>(cockpitId).RollbackFeatureAsync(State.FeatureId, State.Mode, State.Reason);
            return (cockpitId, RollbackTargets.OutcomeOf(result), result.Reason);
        }
        catch (Exception error)
        {
            // One failing cockpit never stops the rest; it is tried again in a later batch.
            LogRevertFailed(error, Id, cockpitId);
            return (cockpitId, null, error.Message);
        }
    }

    private void Finish()
    {
        var now = time.GetUtcNow();
        State.FinishedAt = now;
        var view = View();
        var payload = Json(new
        {
            featureId = State.FeatureId, rollbackId = Id, reason = State.Reason, mode = Wire(State.Mode),
            view.Total, view.Restored, view.Skipped, view.Failed, at = now,
        });
        var message = $"{State.FeatureId} was rolled back on {view.Restored} cockpits ({view.Failed} failed): {State.Reason}";
        State.PendingEffects.Add(new PendingEffect(
            $"{Id}:finished",
            Audit: new AuditEntry(now, State.Actor, "rolled_back", null, payload),
            Outbox: new OutboxEvent($"{Id}:rolled_back", "feature.rolled_back", payload, now),
            Alert: new AlertEvent("feature.rolled_back", message, State.FeatureId, null, now))
        {
            Mail = RollbackMail.Job(new RollbackMailPayload(Id, State.FeatureId, State.Reason, Wire(State.Mode), view.Total, view.Restored, view.Skipped, view.Failed, now,
                [.. State.Targets.Where(t => t.Value.Outcome == RollbackTargets.Restored).Select(t => t.Key).Order(StringComparer.Ordinal)])),
        });
        State.PendingEffects.Add(new PendingEffect($"{Id}:completed", Outbox: new OutboxEvent($"{Id}:completed", "rollback.completed", payload, now)));
        FactoryMetrics.RollbackFinished(view.Restored, view.Skipped, view.Failed);
        LogFinished(Id, view.Restored, view.Skipped, view.Failed, (now - State.StartedAt).TotalMilliseconds);
    }

    private async Task SaveAsync()
    {
        await rollback.WriteStateAsync();
        await effects.CarryOutAsync(State.PendingEffects, FeatureGrain.AuditSubject, State.FeatureId);
    }

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(10)) { KeepAlive = true });

    private async Task UnregisterKeepAliveAsync()
    {
        if (await this.GetReminder(KeepAliveReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private RollbackView View()
    {
        var failures = State.Targets.Where(t => t.Value.Outcome == RollbackTargets.Failed).Take(100)
            .ToDictionary(t => t.Key, t => t.Value.Reason ?? "unknown", StringComparer.Ordinal);
        return new RollbackView(Id, State.FeatureId, State.Mode, State.Reason, State.FinishedAt is not null, State.Targets.Count,
            State.Targets.Values.Count(t => t.Outcome == RollbackTargets.Restored),
            State.Targets.Values.Count(t => t.Outcome == RollbackTargets.Skipped),
            State.Targets.Values.Count(t => t.Outcome == RollbackTargets.Failed),
            State.StartedAt, State.FinishedAt, failures);
    }

    private static string Wire(RollbackMode mode) => mode.ToString().ToLowerInvariant();

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rollback {RollbackId} of {FeatureId} started on {Affected} cockpits")]
    private partial void LogStarted(string rollbackId, string featureId, int affected);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rollback {RollbackId}: {Restored} restored, {Skipped} skipped, {Failed} failed in {DurationMs} ms")]
    private partial void LogFinished(string rollbackId, int restored, int skipped, int failed, double durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rollback {RollbackId} could not revert cockpit {CockpitId}; it will retry")]
    private partial void LogRevertFailed(Exception error, string rollbackId, string cockpitId);
}
