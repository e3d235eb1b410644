using DashboardFactory.Alerts;
using DashboardFactory.Api.Auth;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// One subscription per API node to the admins' alert stream, for as long as the node runs, forwarded to
/// the local "admins" group and to the node's other alert listeners (GraphQL subscriptions). If the cluster cannot take the subscription at start, it keeps trying in the
/// background rather than holding the node down. It also keeps the group: every admin's hub connection joins it when
/// it opens (SignalR drops a closed connection from its groups by itself).
/// </summary>
public sealed partial class AdminAlertRelay(
    IClusterClient cluster,
    IHubContext<CockpitHub, ICockpitClient> hub,
    ILogger<AdminAlertRelay> logger) : IHostedService, IHubConnectionLifetime, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly HashSet<RelayListener<AlertEvent>> _listeners = [];
    private StreamSubscriptionHandle<AlertEvent>? _handle;
    private Task? _retrying;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TrySubscribeAsync(attempt: 1))
        {
            _retrying = RetryAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_retrying is not null)
        {
            await _retrying;
        }

        if (_handle is not null)
        {
            try
            {
                await _handle.UnsubscribeAsync().WaitAsync(cancellationToken);
            }
            catch (Exception error)
            {
                LogUnsubscribeFailed(error);
            }
        }
    }

    public void Dispose() => _stopping.Dispose();

    public Task ConnectedAsync(HubCallerContext connection) => connection.User?.IsAdmin() == true
        ? hub.Groups.AddToGroupAsync(connection.ConnectionId, CockpitHub.AdminsGroup, connection.ConnectionAborted)
        : Task.CompletedTask;

    public Task DisconnectedAsync(string connectionId) => Task.CompletedTask;

    /// <summary>The admins' alerts from now until the listener is disposed; the caller checks that it is for an admin.</summary>
    public RelayListener<AlertEvent> Listen()
    {
        var listener = new RelayListener<AlertEvent>(AlertEvent.Admins, l =>
        {
            lock (_gate)
            {
                _listeners.Remove(l);
            }

            return Task.CompletedTask;
        });
        lock (_gate)
        {
            _listeners.Add(listener);
        }

        return listener;
    }

    private async Task RetryAsync(CancellationToken stopping)
    {
        try
        {
            for (var attempt = 2; ; attempt++)
            {
                await Task.Delay(RetryDelay, stopping);
                if (await TrySubscribeAsync(attempt))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TrySubscribeAsync(int attempt)
    {
        try
        {
            _handle = await cluster.GetStreamProvider(ProviderNames.Streams)
                .GetStream<AlertEvent>(StreamId.Create(AlertEvent.Namespace, AlertEvent.Admins))
                .SubscribeAsync((alert, _) => ForwardAsync(alert));
            LogSubscribed();
            return true;
        }
        catch (Exception error)
        {
            LogSubscribeFailed(error, attempt, RetryDelay);
            return false;
        }
    }

    private async Task ForwardAsync(AlertEvent alert)
    {
        RelayListener<AlertEvent>[] listeners;
        lock (_gate)
        {
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            listener.Offer(alert);
        }

        try
        {
            await hub.Clients.Group(CockpitHub.AdminsGroup).Alert(AlertMessage.From(alert));
        }
        catch (Exception error)
        {
            LogForwardFailed(error, alert.Kind, alert.FeatureId, alert.CockpitId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Forwarding admin alerts to this node's admin connections")]
    private partial void LogSubscribed();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to admin alerts (attempt {Attempt}); retrying in {RetryDelay}")]
    private partial void LogSubscribeFailed(Exception error, int attempt, TimeSpan retryDelay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not unsubscribe from admin alerts while stopping")]
    private partial void LogUnsubscribeFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forward alert {Kind} (feature {FeatureId}, cockpit {CockpitId}) to admin connections")]
    private partial void LogForwardFailed(Exception error, string kind, string? featureId, string? cockpitId);
}
