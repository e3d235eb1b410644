using DashboardFactory.Api.Access;
using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// /hubs/cockpit. Groups are local to this API node; <see cref="CockpitEventRelay"/> fills them from the
/// cockpits' Orleans streams, so an event reaches a browser whichever node it is connected to. What follows a
/// connection from open to close (the relays' book-keeping, the admins' group) is told by
/// <see cref="ConnectionLifetimeHubFilter"/>, not by the hub.
/// </summary>
public sealed partial class CockpitHub(CockpitEventRelay relay, AccessPolicy access) : Hub<ICockpitClient>
{
    public const string Path = "/hubs/cockpit";

    /// <summary>Every admin connection is in this group and receives alerts.</summary>
    public const string AdminsGroup = "admins";

    // ':' cannot occur in an id, so a cockpit group never collides with "admins".
    public static string CockpitGroup(string cockpitId) => "cockpit:" + cockpitId;

    /// <summary>The owner and admins may watch a cockpit (anyone else is told it does not exist); the relay subscribes this node when it is the first watcher here.</summary>
    public async Task JoinCockpit(string cockpitId)
    {
        if (!Ids.IsValid(cockpitId))
        {
            throw new HubException($"A cockpit id must match {Ids.Pattern}.");
        }

        if (Context.User is not { } caller || await access.ReadCockpitAsync(caller, cockpitId) is null)
        {
            throw new HubException($"No cockpit '{cockpitId}'.");
        }

        // Subscribed before joining the group, so once this returns no later change is missed.
        if (await relay.JoinAsync(Context.ConnectionId, cockpitId))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, CockpitGroup(cockpitId), Context.ConnectionAborted);
        }
    }

    public async Task LeaveCockpit(string cockpitId)
    {
        if (!Ids.IsValid(cockpitId))
        {
            throw new HubException($"A cockpit id must match {Ids.Pattern}.");
        }

        await Groups.RemoveFromGroupAsync(Context.ConnectionId, CockpitGroup(cockpitId), Context.ConnectionAborted);
        await relay.LeaveAsync(Context.ConnectionId, cockpitId);
    }
}
