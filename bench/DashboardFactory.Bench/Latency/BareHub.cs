using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.Bench.Latency;

/// <summary>The peer's hub: a client joins a group by name, nothing else.</summary>
public sealed class BareHub : Hub
{
    public const string Path = "/hubs/bare";

    public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);
}
