using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// Something on this node that follows hub connections from open to close (the relays' per-connection book-keeping,
/// the admins' alert group). <see cref="ConnectionLifetimeHubFilter"/> calls every registered one, so the hub itself
/// keeps no lifetime code.
/// </summary>
public interface IHubConnectionLifetime
{
    /// <summary>The connection opened, before any of its hub calls runs. Throwing refuses the connection.</summary>
    Task ConnectedAsync(HubCallerContext connection);

    /// <summary>The connection closed (cleanly or not): let go of everything it held.</summary>
    Task DisconnectedAsync(string connectionId);
}
