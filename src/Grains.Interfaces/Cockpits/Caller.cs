namespace DashboardFactory.Cockpits;

/// <summary>Who asks: the grain enforces "only the owner or an admin changes a cockpit" itself.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.Caller")]
public sealed record Caller(
    [property: Id(0)] string UserId,
    [property: Id(1)] bool IsAdmin);
