using DashboardFactory.Api.Auth;
using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// Tells <see cref="KpiRelay"/> when a hub connection starts and ends, so a connection that drops releases its KPI
/// subscriptions; a filter rather than code in <see cref="CockpitHub"/>'s own connection handlers.
/// </summary>
internal sealed class KpiConnectionFilter(KpiRelay relay) : IHubFilter
{
    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        relay.Connected(context.Context.ConnectionId, context.Context.User?.CallerId() ?? string.Empty);
        return next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            await relay.DisconnectedAsync(context.Context.ConnectionId);
        }
    }
}
