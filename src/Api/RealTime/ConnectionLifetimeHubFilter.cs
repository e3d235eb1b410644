using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// The one connection-lifetime hook of the hub: tells every <see cref="IHubConnectionLifetime"/> when a connection
/// opens and closes, in the order they were registered (<see cref="RealTimeExtensions.AddDashboardFactoryRealTime"/>).
/// On close every one is told, whatever the others do, since each holds something of the connection's that must go.
/// On open, one that throws refuses the connection: SignalR then reports no close, so every participant is told of one.
/// </summary>
internal sealed partial class ConnectionLifetimeHubFilter(IEnumerable<IHubConnectionLifetime> participants, ILogger<ConnectionLifetimeHubFilter> logger) : IHubFilter
{
    private readonly IHubConnectionLifetime[] _participants = [.. participants];

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            foreach (var participant in _participants)
            {
                await participant.ConnectedAsync(context.Context);
            }

            await next(context);
        }
        catch
        {
            // Letting go of a connection one never took is a no-op for every participant.
            await DisconnectAsync(context.Context.ConnectionId);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            await DisconnectAsync(context.Context.ConnectionId);
        }
    }

    /// <summary>Tells every participant, each whatever the others do.</summary>
    private async Task DisconnectAsync(string connectionId)
    {
        foreach (var participant in _participants)
        {
            try
            {
                await participant.DisconnectedAsync(connectionId);
            }
            catch (Exception error)
            {
                LogDisconnectFailed(error, participant.GetType().Name, connectionId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Participant} failed to let go of hub connection {ConnectionId}")]
    private partial void LogDisconnectFailed(Exception error, string participant, string connectionId);
}
