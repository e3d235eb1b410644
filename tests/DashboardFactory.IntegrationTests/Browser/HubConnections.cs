using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.IntegrationTests.Browser;

/// <summary>
/// A hub filter the browser tests add: it remembers each open hub connection by user, so a test can abort one on
/// the server, which is what the page sees when the network or the node drops it.
/// </summary>
public sealed class HubConnections : IHubFilter
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new();

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        _open[context.Context.ConnectionId] = context.Context;
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        _open.TryRemove(context.Context.ConnectionId, out _);
        await next(context, exception);
    }

    public int OpenFor(string userId) => _open.Values.Count(c => c.User?.FindFirstValue(ClaimTypes.NameIdentifier) == userId);

    /// <summary>Aborts every open connection of the user; returns how many.</summary>
    public int DropAll(string userId)
    {
        var dropped = 0;
        foreach (var context in _open.Values.Where(c => c.User?.FindFirstValue(ClaimTypes.NameIdentifier) == userId).ToList())
        {
            context.Abort();
            dropped++;
        }

        return dropped;
    }
}
