using DashboardFactory.Errors;

namespace DashboardFactory.Cockpits;

/// <summary>Who may act on a cockpit, decided on its state: it must exist, and only its owner or an admin changes it.</summary>
public static class CockpitAccess
{
    public static void EnsureExists(string cockpitId, CockpitState state)
    {
        if (!state.Exists)
        {
            throw DomainException.NotFound($"Cockpit '{cockpitId}' does not exist.");
        }
    }

    public static void EnsureOwnerOrAdmin(string cockpitId, CockpitState state, Caller caller, string verb)
    {
        EnsureExists(cockpitId, state);
        if (!caller.IsAdmin && caller.UserId != state.OwnerId)
        {
            throw DomainException.Forbidden($"Only the owner of cockpit '{cockpitId}' or an admin may {verb} it.");
        }
    }
}
