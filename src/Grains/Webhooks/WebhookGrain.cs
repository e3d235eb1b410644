using System.Text.Json;
using DashboardFactory.Errors;
using DashboardFactory.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace DashboardFactory.Webhooks;

/// <summary>
/// Owns one webhook: its definition and encrypted secrets, and the sending of its queued deliveries. Being the
/// only activation for its key, it is the one owner that makes each attempt, so two silos never send the same
/// attempt at once; after a crash the next activation (a reminder brings it back within a minute, a new event at
/// once) picks up what was pending, resending under the same webhook-id what may already have arrived.
/// Reentrant so that reads and admin calls are answered while a slow receiver is being waited for.
/// </summary>
[Reentrant]
public sealed partial class WebhookGrain(
    [PersistentState("webhook", ProviderNames.Storage)] IPersistentState<WebhookState> webhook,
    IWebhookStore store,
    WebhookSender sender,
    WebhookAddressGuard guard,
    SecretProtector protector,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain, IRemindable
{
    public const string ReminderName = "webhook-deliveries";

    private readonly RetrySchedule _schedule = new(options.Value);
    private IGrainTimer? _timer;
    private bool _running;
    private bool _again;
    private WebhookSigningKeys? _keys;

    private string Id => this.GetPrimaryKeyString();

    private WebhookState State => webhook.State;

    private WebhookOptions Options => options.Value;

    private WebhookSigningKeys Keys => _keys ??= new(Id, protector);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Arm(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task<WebhookCreated> CreateAsync(WebhookSpec spec)
    {
        if (State.Exists)
        {
            throw DomainException.Conflict($"Webhook '{Id}' already exists.");
        }

        var problems = await guard.CheckUrlAsync(spec.Url, CancellationToken.None);
        if (problems.Count > 0)
        {
            throw new DomainException(DomainErrorKind.Unprocessable, problems[0], new Dictionary<string, string[]> { ["url"] = [.. problems] });
        }

        var secret = WebhookSecrets.New();
        webhook.State = new WebhookState
        {
            Exists = true,
            Url = spec.Url,
            Events = [.. spec.Events.Distinct(StringComparer.Ordinal)],
            Kpis = [.. spec.Kpis.Distinct(StringComparer.Ordinal)],
            Period = spec.Period,
            Enabled = true,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = spec.CreatedBy,
            ProtectedSecret = await protector.ProtectAsync(Id, secret),
        };
        await webhook.WriteOrForgetAsync(this);
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await Registry.UpsertAsync(View());
        LogCreated(Id, string.Join(",", State.Events), spec.CreatedBy);
        return new WebhookCreated(View(), secret);
    }

    public Task<WebhookView?> GetAsync() => Task.FromResult(State.Exists ? View() : null);

    public async Task<WebhookView> DeleteAsync(string actor)
    {
        EnsureExists();
        if (State.Enabled)
        {
            await DisableAsync($"Deleted by {actor}.");
        }

        return View();
    }

    public async Task<WebhookSecretRotated> RotateAsync(string actor)
    {
        EnsureEnabled();
        var secret = WebhookSecrets.New();
        var until = time.GetUtcNow() + Options.RotationGrace;
        State.ProtectedPreviousSecret = State.ProtectedSecret;
        State.PreviousValidUntil = until;
        State.ProtectedSecret = await protector.ProtectAsync(Id, secret);
        await webhook.WriteOrForgetAsync(this);
        _keys?.Forget();
        LogRotated(Id, actor, until);
        return new WebhookSecretRotated(secret, until);
    }

    public async Task<string> SendTestAsync(string actor)
    {
        EnsureEnabled();
        var now = time.GetUtcNow();
        var e = new OutboxEvent($"test_{Guid.NewGuid():N}", WebhookEventTypes.Test,
            JsonSerializer.Serialize(new { webhookId = Id, sentBy = actor, at = now }, JsonSerializerOptions.Web), now);
        await store.AddAsync([new WebhookDelivery(Id, e.Id, e.Type, WebhookPayload.Body(e), now, 0, now)]);
        Arm(TimeSpan.Zero);
        return e.Id;
    }

    public async Task<IReadOnlyList<WebhookDeliveryView>> DeliveriesAsync(int limit)
    {
        EnsureExists();
        return await store.ListAsync(Id, limit);
    }

    public Task WakeAsync()
    {
        Arm(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.Exists && State.Enabled)
        {
            Arm(TimeSpan.Zero);
        }
        else if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private IWebhookRegistryGrain Registry => GrainFactory.GetGrain<IWebhookRegistryGrain>("default");

    /// <summary>Runs the delivery loop after <paramref name="delay"/>; a call while it runs makes it look again before it stops.</summary>
    private void Arm(TimeSpan delay)
    {
        if (!State.Exists || !State.Enabled)
        {
            return;
        }

        if (_running)
        {
            _again |= delay <= TimeSpan.Zero;
            return;
        }

        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true });
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_running)
        {
            _again = true;
            return;
        }

        _running = true;
        TimeSpan? next = null;
        try
        {
            do
            {
                _again = false;
                await DeliverDueAsync(cancellationToken);
            }
            while (_again && State.Enabled && !cancellationToken.IsCancellationRequested);

            if (State.Enabled && await store.NextDueAsync(Id) is { } due)
            {
                next = due - time.GetUtcNow();
            }
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            LogRunFailed(error, Id);
            next = Options.RetryBaseDelay;
        }
        finally
        {
            _running = false;
        }

        if (next is { } wait)
        {
            Arm(wait);
        }
    }

    private async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        while (State.Enabled && !cancellationToken.IsCancellationRequested)
        {
            var due = await store.DueAsync(Id, time.GetUtcNow(), Options.BatchSize);
            if (due.Count == 0)
            {
                return;
            }

            var keys = await Keys.GetAsync(State, time.GetUtcNow());
            var judged = await WebhookBatch.SendAsync(sender, State.Url, due, keys, Options.MaxConcurrency, _schedule, time, cancellationToken);

            await store.RecordAsync([.. judged.Select(j => j.Attempt)]);
            foreach (var (attempt, _) in judged)
            {
                Telemetry.FactoryMetrics.WebhookAttempted(attempt.Status switch
                {
                    WebhookDeliveryStatus.Delivered => "delivered",
                    WebhookDeliveryStatus.Abandoned => "abandoned",
                    _ => "failed",
                }, attempt.ResponseStatus);
            }

            foreach (var (attempt, _) in judged.Where(j => j.Attempt.Status != WebhookDeliveryStatus.Delivered))
            {
                LogAttemptFailed(Id, attempt.EventId, attempt.Attempt, attempt.ResponseStatus, attempt.Error, attempt.NextAttemptAt);
            }

            if (judged.Any(j => j.Gone))
            {
                await DisableAsync("The receiver answered 410 Gone.");
                return;
            }

            if (due.Count < Options.BatchSize)
            {
                return;
            }
        }
    }

    private async Task DisableAsync(string reason)
    {
        var now = time.GetUtcNow();
        State.Enabled = false;
        State.DisabledReason = reason;
        State.DisabledAt = now;
        await webhook.WriteOrForgetAsync(this);
        await Registry.UpsertAsync(View());
        await store.AbandonPendingAsync(Id, $"The webhook was disabled: {reason}", now);
        _timer?.Dispose();
        _timer = null;
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        LogDisabled(Id, reason);
    }

    private WebhookView View() => new(
        Id, State.Url, State.Events, State.Kpis, State.Period, State.Enabled, State.DisabledReason, State.CreatedAt, State.DisabledAt);

    private void EnsureExists() => WebhookAccess.EnsureExists(Id, State);

    private void EnsureEnabled() => WebhookAccess.EnsureEnabled(Id, State);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId} created for {Events} by {Actor}")]
    private partial void LogCreated(string webhookId, string events, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId}: secret rotated by {Actor}; the previous one signs until {ValidUntil}")]
    private partial void LogRotated(string webhookId, string actor, DateTimeOffset validUntil);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} disabled: {Reason}")]
    private partial void LogDisabled(string webhookId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId}: attempt {Attempt} of event {EventId} failed ({ResponseStatus}: {Error}); next attempt at {NextAttemptAt}")]
    private partial void LogAttemptFailed(string webhookId, string eventId, int attempt, int? responseStatus, string? error, DateTimeOffset? nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId}: the delivery loop failed; it tries again shortly")]
    private partial void LogRunFailed(Exception error, string webhookId);
}
