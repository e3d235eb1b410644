using System.Security.Claims;
using DashboardFactory.Api.Auth;
using DashboardFactory.Cockpits;

namespace DashboardFactory.Api.Access;

/// <summary>
/// The read and ownership rules of API.md, in one place for every edge that reads on a caller's behalf (REST,
/// the hub, SSE, GraphQL): a cockpit and everything of it (snapshots, widget data, its events) is for its owner
/// and admins, and anyone else is told it does not exist; a user record is for that user and admins; some things
/// are for admins only. Writes stay checked where they happen (the cockpit grain checks its own owner).
/// </summary>
public sealed class AccessPolicy(IGrainFactory grains)
{
    public static bool IsAdmin(ClaimsPrincipal caller) => caller.IsInRole(Roles.Admin);

    /// <summary>The owner of a cockpit and admins read it and everything of it.</summary>
    public static bool MayReadCockpit(ClaimsPrincipal caller, string ownerId) =>
        IsAdmin(caller) || (caller.CallerId().Length > 0 && caller.CallerId() == ownerId);

    /// <summary>A user record (profile, notifications) is for that user and admins.</summary>
    public static bool MayReadUser(ClaimsPrincipal caller, string userId) =>
        IsAdmin(caller) || (caller.CallerId().Length > 0 && caller.CallerId() == userId);

    /// <summary>Admin alerts, fleet-wide views and commands.</summary>
    public static bool MayAdminister(ClaimsPrincipal caller) => IsAdmin(caller);

    /// <summary>Whose cockpits a fleet listing may show: null (every cockpit) for admins, else only the caller's own.</summary>
    public static string? FleetOwner(ClaimsPrincipal caller) => IsAdmin(caller) ? null : caller.CallerId();

    /// <summary>
    /// The cockpit, when it exists and the caller may read it; otherwise null, the same answer for "not yours" as
    /// for "no such cockpit", so ids cannot be probed. The id must already be valid.
    /// </summary>
    public async Task<CockpitView?> ReadCockpitAsync(ClaimsPrincipal caller, string cockpitId)
    {
        var view = await grains.GetGrain<ICockpitGrain>(cockpitId).GetAsync();
        return view is not null && MayReadCockpit(caller, view.OwnerId) ? view : null;
    }
}
